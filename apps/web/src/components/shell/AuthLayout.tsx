import { Box, Center, Container, Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** The frame of the signed-out pages: the app's name above a centred card. */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <Box component="main" mih="100vh" bg="var(--mantine-color-gray-light)">
      <Center mih="100vh" py="xl" px="md">
        <Container size={440} w="100%" p={0}>
          <Text ta="center" fw={700} fz={28} c="indigo" lh={1.2}>
            Codeclass
          </Text>
          <Text ta="center" c="dimmed" size="sm" mb="lg">
            Your online coding classroom
          </Text>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            {children}
          </Paper>
        </Container>
      </Center>
    </Box>
  );
}
