// Types of bench/typst-peer.mjs for the tests (the script itself is plain JavaScript).
export const NOTO_CJK_DIR: string;
/** Why the peer cannot run here, or null when it can. */
export function peerMissing(): string | null;
/** The environment for a peer process: fontconfig sees the Noto CJK folder only. */
export function peerEnv(): NodeJS.ProcessEnv;
