import { LoadingState } from "@codeclass/ui";
import { createBrowserRouter } from "react-router";
import { AppLayout } from "./components/shell/AppLayout.tsx";
import { GuestOnly } from "./components/shell/GuestOnly.tsx";
import { RequireSession } from "./components/shell/RequireSession.tsx";
import { RouteErrorPage } from "./components/shell/RouteErrorPage.tsx";
import { CoursePage } from "./pages/CoursePage.tsx";
import { EditCoursePage } from "./pages/EditCoursePage.tsx";
import { ForgotPasswordPage } from "./pages/ForgotPasswordPage.tsx";
import { MyCoursesPage } from "./pages/MyCoursesPage.tsx";
import { NewCoursePage } from "./pages/NewCoursePage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { ProfilePage } from "./pages/ProfilePage.tsx";
import { ResetPasswordPage } from "./pages/ResetPasswordPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { SignUpPage } from "./pages/SignUpPage.tsx";
import { TwoFactorPage } from "./pages/TwoFactorPage.tsx";
import { VerifyEmailPage } from "./pages/VerifyEmailPage.tsx";

export const router = createBrowserRouter([
  {
    ErrorBoundary: RouteErrorPage,
    children: [
      {
        Component: GuestOnly,
        children: [
          { path: "sign-in", Component: SignInPage },
          { path: "sign-up", Component: SignUpPage },
          { path: "forgot-password", Component: ForgotPasswordPage },
          { path: "two-factor", Component: TwoFactorPage },
        ],
      },
      // Reachable signed in or not: a reset link may be opened in a browser with a session.
      { path: "reset-password", Component: ResetPasswordPage },
      { path: "verify-email", Component: VerifyEmailPage },
      {
        Component: RequireSession,
        children: [
          {
            Component: AppLayout,
            children: [
              { index: true, Component: MyCoursesPage },
              { path: "courses/new", Component: NewCoursePage },
              { path: "courses/:courseId", Component: CoursePage },
              { path: "courses/:courseId/edit", Component: EditCoursePage },
              // Lazy: the editor (Monaco) and terminal are fetched only when this page is opened.
              {
                path: "courses/:courseId/run",
                lazy: () => import("./pages/RunPage.tsx").then((m) => ({ Component: m.RunPage })),
                HydrateFallback: () => <LoadingState label="Loading the run page…" />,
              },
              // Lazy: Yjs, the collab provider and Monaco load only with these pages.
              {
                path: "courses/:courseId/workspace",
                lazy: () => import("./pages/WorkspacePage.tsx").then((m) => ({ Component: m.WorkspacePage })),
                HydrateFallback: () => <LoadingState label="Loading the workspace…" />,
              },
              {
                path: "courses/:courseId/review",
                lazy: () => import("./pages/ReviewPage.tsx").then((m) => ({ Component: m.ReviewPage })),
                HydrateFallback: () => <LoadingState label="Loading the review panel…" />,
              },
              {
                path: "courses/:courseId/workspaces/:workspaceId/history",
                lazy: () => import("./pages/HistoryPage.tsx").then((m) => ({ Component: m.HistoryPage })),
                HydrateFallback: () => <LoadingState label="Loading the history…" />,
              },
              { path: "profile", Component: ProfilePage },
              { path: "*", Component: NotFoundPage },
            ],
          },
        ],
      },
    ],
  },
]);
