import { cloneNamespaceFlags, deniedSyscalls } from "../seccomp-policy.ts";

const EPERM = 1;
const ENOSYS = 38;

/**
 * The Docker driver's seccomp profile (HostConfig.SecurityOpt `seccomp=<json>`), made from the
 * same list as the bwrap filter, so the driver does not depend on the daemon's default profile
 * (Debian's docker.io allows io_uring, for one). Everything not listed is allowed; the listed calls
 * get EPERM, clone with a namespace flag EPERM (one rule per flag: rules for one call are ORed),
 * clone3 ENOSYS. System calls of another ABI (32-bit, x32) are refused by the filter's arch check.
 */
export function dockerSeccompProfile(arch: string = process.arch): string {
  const architectures = arch === "arm64" ? ["SCMP_ARCH_AARCH64"] : ["SCMP_ARCH_X86_64"];
  return JSON.stringify({
    defaultAction: "SCMP_ACT_ALLOW",
    architectures,
    syscalls: [
      { names: [...deniedSyscalls], action: "SCMP_ACT_ERRNO", errnoRet: EPERM },
      { names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: ENOSYS },
      ...cloneNamespaceFlags.map((flag) => ({
        names: ["clone"],
        action: "SCMP_ACT_ERRNO",
        errnoRet: EPERM,
        args: [{ index: 0, value: flag, valueTwo: flag, op: "SCMP_CMP_MASKED_EQ" }],
      })),
    ],
  });
}
