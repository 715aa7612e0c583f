import { AppShell, Burger, Container, Group } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useEffect, useRef } from "react";
import { Outlet, ScrollRestoration, useLocation, useMatches } from "react-router";
import { VerifyEmailBanner } from "../auth/VerifyEmailBanner.tsx";
import { AppHeader } from "./AppHeader.tsx";
import { ImpersonationBanner } from "./ImpersonationBanner.tsx";
import { MainNav } from "./MainNav.tsx";
import { SkipLink } from "./SkipLink.tsx";

/**
 * What a route may ask of the frame through its `handle`: `{ fullWindow: true }` gives the page all
 * of the window below the header (no width limit, no padding; <main> is a flex column of the
 * window's height), as the workbench needs.
 */
export interface LayoutHandle {
  fullWindow?: boolean;
}

/** The signed-in frame: header with navigation and account menu, then the page (the one `<main>`). */
export function AppLayout() {
  const [navOpened, nav] = useDisclosure(false);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const fullWindow = useMatches().some((m) => (m.handle as LayoutHandle | undefined)?.fullWindow);
  const shownPath = useRef(location.pathname);

  // After in-app navigation, start screen readers and keyboard focus at the new page's top,
  // as a full page load would.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    nav.close();
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname, nav]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: "sm", collapsed: { mobile: !navOpened, desktop: true } }}
      padding={fullWindow ? 0 : "md"}
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          <Burger
            opened={navOpened}
            onClick={nav.toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label={navOpened ? "Close navigation" : "Open navigation"}
          />
          <AppHeader />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="md" hiddenFrom="sm" aria-label="Main">
        <MainNav orientation="vertical" />
      </AppShell.Navbar>
      {/* AppShell.Main is the page's <main>: the skip link's target and where focus lands after navigation. */}
      <AppShell.Main
        id="main"
        ref={mainRef}
        tabIndex={-1}
        // A full-window page is a column exactly the window's height below the header: it fills it with flex: 1.
        style={fullWindow ? { outline: "none", height: "100dvh", display: "flex", flexDirection: "column" } : { outline: "none" }}
      >
        {fullWindow ? (
          <>
            <ImpersonationBanner />
            <VerifyEmailBanner />
            <Outlet />
          </>
        ) : (
          <Container size="lg" py="md">
            <ImpersonationBanner />
            <VerifyEmailBanner />
            <Outlet />
          </Container>
        )}
      </AppShell.Main>
      <ScrollRestoration />
    </AppShell>
  );
}
