import { LoadingState } from "@codeclass/ui";
import { Center } from "@mantine/core";
import type { ComponentType } from "react";
import { createBrowserRouter, type LoaderFunctionArgs } from "react-router";
import type { LayoutHandle } from "./components/shell/AppLayout.tsx";
import { GuestOnly } from "./components/shell/GuestOnly.tsx";
import { RequireSession } from "./components/shell/RequireSession.tsx";
import { RouteErrorPage } from "./components/shell/RouteErrorPage.tsx";
import { prefetchWorkspace } from "./pages/workspacePrefetch.ts";

/**
 * A route whose component is fetched only when the route is opened: the first load carries just
 * the router and the session check, so the sign-in page never downloads the signed-in frame, and
 * Monaco, xterm and Yjs come only with the pages that use them.
 */
function lazyRoute<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  // The object form loads only the component lazily: a route's loader (e.g. the workspace's
  // prefetch) starts when the route is matched instead of after the page's code has arrived.
  return { lazy: { Component: async () => (await load())[name] } };
}

/** Shown while the first page's code arrives (later navigations keep the current page until then). */
function PageLoading() {
  return (
    <Center mih="100vh">
      <LoadingState label="Loading Codeclass…" />
    </Center>
  );
}

export const router = createBrowserRouter([
  {
    ErrorBoundary: RouteErrorPage,
    HydrateFallback: PageLoading,
    children: [
      {
        Component: GuestOnly,
        children: [
          { path: "sign-in", ...lazyRoute(() => import("./pages/SignInPage.tsx"), "SignInPage") },
          { path: "sign-up", ...lazyRoute(() => import("./pages/SignUpPage.tsx"), "SignUpPage") },
          { path: "forgot-password", ...lazyRoute(() => import("./pages/ForgotPasswordPage.tsx"), "ForgotPasswordPage") },
          { path: "two-factor", ...lazyRoute(() => import("./pages/TwoFactorPage.tsx"), "TwoFactorPage") },
        ],
      },
      // Reachable signed in or not: a reset link may be opened in a browser with a session.
      { path: "reset-password", ...lazyRoute(() => import("./pages/ResetPasswordPage.tsx"), "ResetPasswordPage") },
      { path: "verify-email", ...lazyRoute(() => import("./pages/VerifyEmailPage.tsx"), "VerifyEmailPage") },
      // Join pages: signed out, a card that says what the link is for and leads to sign-in and back.
      {
        ...lazyRoute(() => import("./components/invite/JoinGate.tsx"), "JoinGate"),
        children: [
          {
            ...lazyRoute(() => import("./components/shell/AppLayout.tsx"), "AppLayout"),
            children: [
              { path: "join", ...lazyRoute(() => import("./pages/JoinPage.tsx"), "JoinPage") },
              { path: "join/:token", ...lazyRoute(() => import("./pages/JoinPage.tsx"), "JoinPage") },
            ],
          },
        ],
      },
      {
        Component: RequireSession,
        children: [
          {
            ...lazyRoute(() => import("./components/shell/AppLayout.tsx"), "AppLayout"),
            children: [
              { index: true, ...lazyRoute(() => import("./pages/MyCoursesPage.tsx"), "MyCoursesPage") },
              { path: "courses/new", ...lazyRoute(() => import("./pages/NewCoursePage.tsx"), "NewCoursePage") },
              { path: "courses/:courseId", ...lazyRoute(() => import("./pages/CoursePage.tsx"), "CoursePage") },
              { path: "courses/:courseId/edit", ...lazyRoute(() => import("./pages/EditCoursePage.tsx"), "EditCoursePage") },
              // The editor (Monaco), terminal (xterm) and Yjs load only with these pages.
              { path: "courses/:courseId/run", ...lazyRoute(() => import("./pages/RunPage.tsx"), "RunPage") },
              {
                path: "courses/:courseId/workspace",
                handle: { fullWindow: true } satisfies LayoutHandle,
                // Started as the route is matched, alongside the page's own code (see prefetchWorkspace).
                loader: ({ params }: LoaderFunctionArgs) => {
                  prefetchWorkspace(params.courseId ?? "");
                  return null;
                },
                ...lazyRoute(() => import("./pages/WorkspacePage.tsx"), "WorkspacePage"),
              },
              { path: "courses/:courseId/review", ...lazyRoute(() => import("./pages/ReviewPage.tsx"), "ReviewPage") },
              { path: "courses/:courseId/gradebook", ...lazyRoute(() => import("./pages/GradebookPage.tsx"), "GradebookPage") },
              {
                path: "courses/:courseId/assignments/:assignmentId",
                ...lazyRoute(() => import("./pages/AssignmentPage.tsx"), "AssignmentPage"),
              },
              {
                path: "courses/:courseId/assignments/:assignmentId/workspace",
                handle: { fullWindow: true } satisfies LayoutHandle,
                ...lazyRoute(() => import("./pages/AssignmentWorkspacePage.tsx"), "AssignmentWorkspacePage"),
              },
              {
                path: "courses/:courseId/assignments/:assignmentId/workspace/:workspaceId",
                handle: { fullWindow: true } satisfies LayoutHandle,
                ...lazyRoute(() => import("./pages/AssignmentWorkspacePage.tsx"), "AssignmentWorkspacePage"),
              },
              { path: "courses/:courseId/activity", ...lazyRoute(() => import("./pages/CourseActivityPage.tsx"), "CourseActivityPage") },
              { path: "courses/:courseId/sessions/:sessionId", ...lazyRoute(() => import("./pages/SessionPage.tsx"), "SessionPage") },
              {
                path: "courses/:courseId/office-hours/:requestId",
                ...lazyRoute(() => import("./pages/OfficeHoursCallPage.tsx"), "OfficeHoursCallPage"),
              },
              {
                path: "courses/:courseId/workspaces/:workspaceId/history",
                ...lazyRoute(() => import("./pages/HistoryPage.tsx"), "HistoryPage"),
              },
              { path: "profile", ...lazyRoute(() => import("./pages/ProfilePage.tsx"), "ProfilePage") },
              { path: "me", ...lazyRoute(() => import("./pages/MyPage.tsx"), "MyPage") },
              { path: "admin/import", ...lazyRoute(() => import("./pages/AdminImportPage.tsx"), "AdminImportPage") },
              { path: "admin/activity", ...lazyRoute(() => import("./pages/AdminActivityPage.tsx"), "AdminActivityPage") },
              { path: "admin/monitoring", ...lazyRoute(() => import("./pages/AdminMonitorPage.tsx"), "AdminMonitorPage") },
              { path: "admin/users", ...lazyRoute(() => import("./pages/AdminUsersPage.tsx"), "AdminUsersPage") },
              { path: "admin/courses", ...lazyRoute(() => import("./pages/AdminCoursesPage.tsx"), "AdminCoursesPage") },
              { path: "admin/audit", ...lazyRoute(() => import("./pages/AdminAuditPage.tsx"), "AdminAuditPage") },
              { path: "admin/api-keys", ...lazyRoute(() => import("./pages/AdminApiKeysPage.tsx"), "AdminApiKeysPage") },
              { path: "*", ...lazyRoute(() => import("./pages/NotFoundPage.tsx"), "NotFoundPage") },
            ],
          },
        ],
      },
    ],
  },
]);
