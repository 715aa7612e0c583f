/**
 * The one list of system calls both drivers refuse with EPERM (bwrap: a BPF filter made by
 * bwrap/seccomp.ts; Docker: a JSON profile made by docker/seccomp.ts). A denylist, so every
 * toolchain works as on the host: the calls a student's program never needs and that are the usual
 * ways into the kernel (BPF, perf events, io_uring, userfaultfd, the key store, namespaces, mounts,
 * modules, kexec, clocks, swap, reboot), setting extended attributes, and every way to reach another process's memory or
 * descriptors (ptrace, process_vm_*, pidfd_getfd, kcmp): the sandbox's own helpers run next to the
 * program. pidfd_open stays: without pidfd_getfd and ptrace a pidfd only signals and waits, as
 * kill(2) does, and runtimes (Go, Python's asyncio) use it to wait for children.
 */
export const deniedSyscalls = [
  "bpf",
  "perf_event_open",
  "userfaultfd",
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register",
  "add_key",
  "request_key",
  "keyctl",
  "unshare",
  "setns",
  "mount",
  "umount2",
  "pivot_root",
  "open_tree",
  "move_mount",
  "fsopen",
  "fsconfig",
  "fsmount",
  "fspick",
  "mount_setattr",
  "open_tree_attr",
  "init_module",
  "finit_module",
  "delete_module",
  "kexec_load",
  "kexec_file_load",
  "reboot",
  "swapon",
  "swapoff",
  "acct",
  "quotactl",
  "quotactl_fd",
  "settimeofday",
  "clock_settime",
  "clock_adjtime",
  "adjtimex",
  "sethostname",
  "setdomainname",
  "syslog",
  "vhangup",
  "lookup_dcookie",
  "name_to_handle_at",
  "open_by_handle_at",
  "fanotify_init",
  "ptrace",
  "process_vm_readv",
  "process_vm_writev",
  "pidfd_getfd",
  "kcmp",
  // Extended attributes: a program could set them on a dir that outlives it (/box itself, which
  // the next test's program reads); Node has no call to list or remove them from the host.
  "setxattr",
  "lsetxattr",
  "fsetxattr",
  "setxattrat",
  "mbind",
  "set_mempolicy",
  "migrate_pages",
  "move_pages",
  // x86-64 only
  "iopl",
  "ioperm",
] as const;

export type DeniedSyscall = (typeof deniedSyscalls)[number];

/**
 * clone with any of these flags is refused (EPERM), as in Docker's default profile: CLONE_NEWTIME,
 * NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET (linux/sched.h). clone3, whose flags
 * a filter cannot read, gets ENOSYS (the C library then falls back to clone).
 */
export const cloneNamespaceFlags = [0x80, 0x20000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000] as const;
