// The namespaces of a task as the kernel names them: /proc/TID/ns/KIND is a
// link to "KIND:[INODE]", and the inode is the namespace's id.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <sys/types.h>

#include "decoder/event.h"

namespace ct::tracer {

std::optional<std::uint64_t> read_namespace_id(pid_t tid, std::string_view kind);

// For each namespace the call's CLONE_NEW* flags make, the child's id and
// the creator's beside it. The child is held in its first stop or has not
// run yet, so its ids are those it was created with.
void add_new_namespaces(decoder::Creation& creation, pid_t creator, pid_t child);

// unshare and setns move their caller: at the entry stop, its namespaces
// before the call (and for setns the one its fd refers to, from
// /proc/TID/fd/N); at the exit stop, those after it. Only the kinds that
// changed are kept, before and after.
void note_namespaces_before(decoder::Creation& creation, pid_t tid);
void note_namespaces_after(decoder::Creation& creation, pid_t tid);

}  // namespace ct::tracer
