import { cloneNamespaceFlags, type DeniedSyscall, deniedSyscalls } from "../seccomp-policy.ts";

/**
 * The bubblewrap sandboxes' seccomp filter (bwrap --seccomp FD): a classic-BPF program that
 * refuses, with EPERM, the system calls a student's program never needs and that are the usual
 * ways into the kernel: BPF, perf events, io_uring, userfaultfd, the key store, namespaces, mounts,
 * modules, kexec, clocks, swap, reboot, other processes' memory. Everything else is allowed, so
 * every toolchain works as on the host. The list is seccomp-policy.ts's, which the Docker driver's
 * profile (docker/seccomp.ts) is made from too. As in Docker's profile, clone may not make namespaces
 * (EPERM) and clone3, whose flags a filter cannot read, gets ENOSYS (the C library then uses
 * clone). System calls of another ABI (32-bit int 0x80 and x32 on x86-64) get ENOSYS.
 *
 * Numbers: x86-64 from asm/unistd_64.h, arm64 from asm-generic/unistd.h.
 */

const denied = deniedSyscalls;

type Syscall = DeniedSyscall;

/** Since Linux 5.1 (number 424) every architecture gives a new system call the same number. */
const unified: Partial<Record<Syscall, number>> = {
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  pidfd_getfd: 438,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  mount_setattr: 442,
  quotactl_fd: 443,
  setxattrat: 463,
  open_tree_attr: 467,
};

const x86_64: Partial<Record<Syscall, number>> = {
  ptrace: 101,
  syslog: 103,
  vhangup: 153,
  pivot_root: 155,
  adjtimex: 159,
  acct: 163,
  settimeofday: 164,
  mount: 165,
  umount2: 166,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  sethostname: 170,
  setdomainname: 171,
  iopl: 172,
  ioperm: 173,
  init_module: 175,
  delete_module: 176,
  quotactl: 179,
  setxattr: 188,
  lsetxattr: 189,
  fsetxattr: 190,
  lookup_dcookie: 212,
  clock_settime: 227,
  mbind: 237,
  set_mempolicy: 238,
  kexec_load: 246,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  migrate_pages: 256,
  unshare: 272,
  move_pages: 279,
  perf_event_open: 298,
  fanotify_init: 300,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  clock_adjtime: 305,
  setns: 308,
  process_vm_readv: 310,
  process_vm_writev: 311,
  kcmp: 312,
  finit_module: 313,
  kexec_file_load: 320,
  bpf: 321,
  userfaultfd: 323,
  ...unified,
};

const arm64: Partial<Record<Syscall, number>> = {
  setxattr: 5,
  lsetxattr: 6,
  fsetxattr: 7,
  lookup_dcookie: 18,
  umount2: 39,
  mount: 40,
  pivot_root: 41,
  vhangup: 58,
  quotactl: 60,
  acct: 89,
  unshare: 97,
  kexec_load: 104,
  init_module: 105,
  delete_module: 106,
  clock_settime: 112,
  ptrace: 117,
  syslog: 116,
  reboot: 142,
  sethostname: 161,
  setdomainname: 162,
  settimeofday: 170,
  adjtimex: 171,
  add_key: 217,
  request_key: 218,
  keyctl: 219,
  swapon: 224,
  swapoff: 225,
  mbind: 235,
  set_mempolicy: 237,
  migrate_pages: 238,
  move_pages: 239,
  perf_event_open: 241,
  fanotify_init: 262,
  name_to_handle_at: 264,
  open_by_handle_at: 265,
  clock_adjtime: 266,
  setns: 268,
  process_vm_readv: 270,
  process_vm_writev: 271,
  kcmp: 272,
  finit_module: 273,
  bpf: 280,
  userfaultfd: 282,
  kexec_file_load: 294,
  ...unified,
};

/** clone and clone3, checked apart (by their flags; clone3 refused). */
const cloneNumbers = { x64: { clone: 56, clone3: 435 }, arm64: { clone: 220, clone3: 435 } } as const;
const CLONE_NAMESPACES = cloneNamespaceFlags.reduce((a, b) => a | b, 0);

// linux/audit.h, linux/seccomp.h, linux/filter.h
const AUDIT_ARCH_X86_64 = 0xc000003e;
const AUDIT_ARCH_AARCH64 = 0xc00000b7;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;
const EPERM = 1;
const ENOSYS = 38;
const X32_SYSCALL_BIT = 0x40000000;
const LD_W_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
const JEQ_K = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const JGE_K = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const JSET_K = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const RET_K = 0x06; // BPF_RET | BPF_K
// struct seccomp_data: int nr; __u32 arch; ...
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const OFFSET_ARG0_LOW = 16; // args[0], its low 32 bits (little-endian)

/**
 * The filter for this machine's architecture as bwrap reads it (an array of struct sock_filter,
 * little-endian), or null where it is not defined (then the sandbox runs without one).
 */
export function seccompFilter(arch: string = process.arch): Buffer | null {
  const table = arch === "x64" ? x86_64 : arch === "arm64" ? arm64 : null;
  if (!table || (arch !== "x64" && arch !== "arm64")) return null;
  const clone = cloneNumbers[arch];
  const numbers = [...new Set(denied.map((name) => table[name]).filter((n): n is number => n !== undefined))];
  const program: [code: number, jt: number, jf: number, k: number][] = [
    [LD_W_ABS, 0, 0, OFFSET_ARCH],
    [JEQ_K, 1, 0, arch === "x64" ? AUDIT_ARCH_X86_64 : AUDIT_ARCH_AARCH64],
    [RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS],
    [LD_W_ABS, 0, 0, OFFSET_NR],
  ];
  if (arch === "x64") program.push([JGE_K, 0, 1, X32_SYSCALL_BIT], [RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS]);
  program.push(
    [JEQ_K, 0, 1, clone.clone3],
    [RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS],
    // clone: its flags decide (not clone: on to the list, 4 further)
    [JEQ_K, 0, 4, clone.clone],
    [LD_W_ABS, 0, 0, OFFSET_ARG0_LOW],
    [JSET_K, 0, 1, CLONE_NAMESPACES],
    [RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM],
    [RET_K, 0, 0, SECCOMP_RET_ALLOW],
  );
  // Each match jumps over the rest of the list and the ALLOW to the EPERM at the end.
  for (const [i, nr] of numbers.entries()) program.push([JEQ_K, numbers.length - i, 0, nr]);
  program.push([RET_K, 0, 0, SECCOMP_RET_ALLOW], [RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM]);
  const out = Buffer.alloc(program.length * 8);
  program.forEach(([code, jt, jf, k], i) => {
    out.writeUInt16LE(code, i * 8);
    out.writeUInt8(jt, i * 8 + 2);
    out.writeUInt8(jf, i * 8 + 3);
    out.writeUInt32LE(k, i * 8 + 4);
  });
  return out;
}
