// Installing the watch filter in the calling process (the child, before exec).
#pragma once

namespace ct::tracer {

// Returns 0, or the errno that stopped it. Sets no_new_privs only when the
// process lacks the privilege to install a filter without it. With
// `watch_exits`, exit_group stops too.
int install_watch_filter(bool watch_exits);

}  // namespace ct::tracer
