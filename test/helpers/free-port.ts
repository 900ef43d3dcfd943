// A loopback TCP port that was free a moment ago (for programs that need a port on the command line).
// The crash bench needs the same thing outside the tests, so the one implementation lives there.
export { freeLoopbackPort as freePort } from '../../src/main/cli/bench-crash'
