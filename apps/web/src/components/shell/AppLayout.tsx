import { AppShell, Burger, Container, Group } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useEffect, useRef } from "react";
import { Outlet, ScrollRestoration, useLocation } from "react-router";
import { VerifyEmailBanner } from "../auth/VerifyEmailBanner.tsx";
import { AppHeader } from "./AppHeader.tsx";
import { MainNav } from "./MainNav.tsx";
import { SkipLink } from "./SkipLink.tsx";

/** The signed-in frame: header with navigation and account menu, then the page. */
export function AppLayout() {
  const [navOpened, nav] = useDisclosure(false);
  const location = useLocation();
  const mainRef = useRef<HTMLDivElement>(null);
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
      padding="md"
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
      <AppShell.Main>
        <Container size="lg" component="main" id="main" ref={mainRef} tabIndex={-1} style={{ outline: "none" }} py="md">
          <VerifyEmailBanner />
          <Outlet />
        </Container>
      </AppShell.Main>
      <ScrollRestoration />
    </AppShell>
  );
}
