// The shapes every socket parser and lister shares. Plain JSON on purpose: a
// listing is stored in run records and reports exactly as it was seen.

export type SocketProtocol = 'tcp' | 'udp';
export type AddressFamily = 4 | 6;

/** The tool (or kernel file set) a listing was read from. */
export type SocketSource = 'ss' | 'netstat' | 'proc' | 'lsof' | 'netstat-macos' | 'netstat-windows';

/** A process that holds a socket open. Only `pid` is always known. */
export interface SocketProcess {
  pid: number;
  /** Short name: the kernel's `comm` on Linux, the image name on Windows. */
  name?: string;
  /** Absolute path of the program file, when the platform tells it. */
  executable?: string;
  /** The arguments joined by single spaces. */
  commandLine?: string;
  /** Login name, or the numeric uid as text when no name is known. */
  user?: string;
  uid?: number;
  /** The descriptor number the tool saw the socket under. */
  fd?: number;
}

export interface ListeningSocket {
  protocol: SocketProtocol;
  family: AddressFamily;
  /** Without brackets or port: '0.0.0.0', '::', '127.0.0.1', '::1', 'fe80::1'. */
  localAddress: string;
  localPort: number;
  /** Set when the socket is bound to one device (ss `%lo`, an IPv6 zone). */
  interface?: string;
  /** True when an IPv6 socket also accepts IPv4 (ss `*`, macOS `tcp46`). */
  dualStack?: boolean;
  /** The first process holding the socket, when the tool could see it. */
  process?: SocketProcess;
  /** Further processes holding the same socket (a fork, a pre-forked server). */
  otherProcesses?: SocketProcess[];
  /** Kernel socket inode (Linux). */
  inode?: number;
  /** uid that owns the socket, when the tool prints it. */
  uid?: number;
}

/** What one parser made of one tool output. */
export interface SocketParseResult {
  sockets: ListeningSocket[];
  /** Lines that were not understood, and other things a reviewer should know. */
  warnings: string[];
}

/** One command run (or file read) and what it printed, kept as evidence. */
export interface ToolEvidence {
  command: string;
  args: string[];
  exitCode?: number | null;
  rawOutput: string;
  stderr?: string;
  /** Why the run failed, in plain words (missing tool, time limit, ...). */
  error?: string;
  /** True when output was cut at the size limit. */
  truncated?: boolean;
}

export type Attribution = 'complete' | 'partial' | 'none';

export interface SocketListing {
  sockets: ListeningSocket[];
  source: SocketSource;
  evidence: ToolEvidence[];
  /** Whether every socket has an owning process. */
  attribution: Attribution;
  /** What to do when attribution is not complete. */
  attributionNote?: string;
  warnings: string[];
  /**
   * Set when no source could be read at all. An empty `sockets` list then
   * means "unknown", never "nothing listens".
   */
  error?: string;
}
