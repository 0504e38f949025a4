// Exit statuses of the winnow command, documented in --help and the README.
#pragma once

namespace winnow {

enum ExitCode : int {
  kExitOk = 0,           // done; bad records, if any, were handled as --on-error said
  kExitInputFailed = 1,  // an input could not be opened or read to its end; the rest was processed
  kExitUsage = 2,        // bad command line
  kExitBadRecord = 3,    // --on-error fail stopped the run at a bad record
  kExitOutputFailed = 4, // output, rejects or stats could not be written
  kExitInternal = 5,     // a bug: please report it
};

}  // namespace winnow
