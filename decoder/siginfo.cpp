#include "decoder/siginfo.h"

#include <array>
#include <charconv>
#include <climits>
#include <csignal>
#include <cstring>

namespace ct::decoder {
namespace {

// The si_code values of <asm-generic/siginfo.h>; signo 0: the codes every
// signal shares, looked up first, as strace does.
struct CodeRow {
    std::uint64_t signo;
    std::int32_t code;
    std::string_view name;
};

constexpr std::array kCodes{
    CodeRow{0, 0, "SI_USER"},           CodeRow{0, 0x80, "SI_KERNEL"},     CodeRow{0, -1, "SI_QUEUE"},
    CodeRow{0, -2, "SI_TIMER"},         CodeRow{0, -3, "SI_MESGQ"},        CodeRow{0, -4, "SI_ASYNCIO"},
    CodeRow{0, -5, "SI_SIGIO"},         CodeRow{0, -6, "SI_TKILL"},        CodeRow{0, -7, "SI_DETHREAD"},
    CodeRow{0, -60, "SI_ASYNCNL"},
    CodeRow{SIGTRAP, 1, "TRAP_BRKPT"},  CodeRow{SIGTRAP, 2, "TRAP_TRACE"},  CodeRow{SIGTRAP, 3, "TRAP_BRANCH"},
    CodeRow{SIGTRAP, 4, "TRAP_HWBKPT"}, CodeRow{SIGTRAP, 5, "TRAP_UNK"},    CodeRow{SIGTRAP, 6, "TRAP_PERF"},
    CodeRow{SIGCHLD, 1, "CLD_EXITED"},  CodeRow{SIGCHLD, 2, "CLD_KILLED"},  CodeRow{SIGCHLD, 3, "CLD_DUMPED"},
    CodeRow{SIGCHLD, 4, "CLD_TRAPPED"}, CodeRow{SIGCHLD, 5, "CLD_STOPPED"}, CodeRow{SIGCHLD, 6, "CLD_CONTINUED"},
    CodeRow{SIGIO, 1, "POLL_IN"},       CodeRow{SIGIO, 2, "POLL_OUT"},     CodeRow{SIGIO, 3, "POLL_MSG"},
    CodeRow{SIGIO, 4, "POLL_ERR"},      CodeRow{SIGIO, 5, "POLL_PRI"},     CodeRow{SIGIO, 6, "POLL_HUP"},
    CodeRow{SIGPROF, 1, "PROF_SIG"},
    CodeRow{SIGILL, 1, "ILL_ILLOPC"},   CodeRow{SIGILL, 2, "ILL_ILLOPN"},  CodeRow{SIGILL, 3, "ILL_ILLADR"},
    CodeRow{SIGILL, 4, "ILL_ILLTRP"},   CodeRow{SIGILL, 5, "ILL_PRVOPC"},  CodeRow{SIGILL, 6, "ILL_PRVREG"},
    CodeRow{SIGILL, 7, "ILL_COPROC"},   CodeRow{SIGILL, 8, "ILL_BADSTK"},
    CodeRow{SIGFPE, 1, "FPE_INTDIV"},   CodeRow{SIGFPE, 2, "FPE_INTOVF"},  CodeRow{SIGFPE, 3, "FPE_FLTDIV"},
    CodeRow{SIGFPE, 4, "FPE_FLTOVF"},   CodeRow{SIGFPE, 5, "FPE_FLTUND"},  CodeRow{SIGFPE, 6, "FPE_FLTRES"},
    CodeRow{SIGFPE, 7, "FPE_FLTINV"},   CodeRow{SIGFPE, 8, "FPE_FLTSUB"},  CodeRow{SIGFPE, 14, "FPE_FLTUNK"},
    CodeRow{SIGFPE, 15, "FPE_CONDTRAP"},
    CodeRow{SIGSEGV, 1, "SEGV_MAPERR"}, CodeRow{SIGSEGV, 2, "SEGV_ACCERR"}, CodeRow{SIGSEGV, 3, "SEGV_BNDERR"},
    CodeRow{SIGSEGV, 4, "SEGV_PKUERR"}, CodeRow{SIGSEGV, 5, "SEGV_ACCADI"}, CodeRow{SIGSEGV, 6, "SEGV_ADIDERR"},
    CodeRow{SIGSEGV, 7, "SEGV_ADIPERR"}, CodeRow{SIGSEGV, 8, "SEGV_MTEAERR"}, CodeRow{SIGSEGV, 9, "SEGV_MTESERR"},
    CodeRow{SIGSEGV, 10, "SEGV_CPERR"},
    CodeRow{SIGBUS, 1, "BUS_ADRALN"},   CodeRow{SIGBUS, 2, "BUS_ADRERR"},  CodeRow{SIGBUS, 3, "BUS_OBJERR"},
    CodeRow{SIGBUS, 4, "BUS_MCEERR_AR"}, CodeRow{SIGBUS, 5, "BUS_MCEERR_AO"},
    CodeRow{SIGSYS, 1, "SYS_SECCOMP"},  CodeRow{SIGSYS, 2, "SYS_USER_DISPATCH"},
};

// Fields filled only when they hold something (strace's cases where the
// code alone does not say).
constexpr unsigned kSenderIfSet = 1U << 16;
constexpr unsigned kValueIfSet = 1U << 17;

// Which fields a code fills, first match wins; signo 0: any signal. Codes
// at or below 0 come from user space (kill, sigqueue, timers) and mean the
// same for every signal; above 0 the signal says.
struct FieldsRow {
    std::uint64_t signo;
    std::int32_t first_code;
    std::int32_t last_code;
    unsigned fields;
};

constexpr std::array kFields{
    FieldsRow{0, 0, 0, kSiSender},                        // SI_USER
    FieldsRow{0, -6, -6, kSiSender},                      // SI_TKILL
    FieldsRow{0, -2, -2, kSiTimer | kSiValue},            // SI_TIMER
    FieldsRow{0, -5, -5, kSiPoll},                        // SI_SIGIO
    FieldsRow{0, INT32_MIN, 0, kSiSender | kValueIfSet},  // SI_QUEUE, SI_MESGQ, ...
    FieldsRow{SIGCHLD, 1, INT32_MAX, kSiSender | kSiChild},
    FieldsRow{SIGILL, 1, INT32_MAX, kSiAddr},
    FieldsRow{SIGFPE, 1, INT32_MAX, kSiAddr},
    FieldsRow{SIGBUS, 1, INT32_MAX, kSiAddr},
    FieldsRow{SIGSEGV, 1, INT32_MAX, kSiAddr},
    FieldsRow{SIGTRAP, 1, INT32_MAX, kSiAddr},
    FieldsRow{SIGIO, 1, 3, kSiPoll},  // POLL_IN, POLL_OUT, POLL_MSG
    FieldsRow{SIGIO, 1, INT32_MAX, 0},
    FieldsRow{SIGSYS, 1, INT32_MAX, kSiSys},
    FieldsRow{0, 1, INT32_MAX, kSenderIfSet | kValueIfSet},
};

template <typename T>
T field_at(std::span<const std::byte> bytes, std::size_t offset) {
    T value{};
    if (offset + sizeof value <= bytes.size()) std::memcpy(&value, bytes.data() + offset, sizeof value);
    return value;
}

}  // namespace

unsigned siginfo_fields(const Signal& s) {
    for (const FieldsRow& row : kFields) {
        if ((row.signo != 0 && row.signo != s.signo) || s.code < row.first_code || s.code > row.last_code) continue;
        unsigned fields = row.fields & ~(kSenderIfSet | kValueIfSet);
        if ((row.fields & kSenderIfSet) != 0 && (s.pid != 0 || s.uid != 0)) fields |= kSiSender;
        if ((row.fields & kValueIfSet) != 0 && s.value != 0) fields |= kSiValue;
        return fields;
    }
    return 0;
}

Signal decode_siginfo(std::span<const std::byte> bytes) {
    const SiginfoOffsets& at = kSiginfo64;
    Signal s;
    s.signo = static_cast<std::uint32_t>(field_at<std::int32_t>(bytes, at.signo));
    s.error = field_at<std::int32_t>(bytes, at.error);
    s.code = field_at<std::int32_t>(bytes, at.code);
    // What decides the fields of the signals strace has no case for.
    s.pid = field_at<std::int32_t>(bytes, at.pid);
    s.uid = field_at<std::uint32_t>(bytes, at.uid);
    s.value = field_at<std::uint64_t>(bytes, at.value);
    const unsigned fields = siginfo_fields(s);
    Signal out{.signo = s.signo, .code = s.code, .error = s.error};
    if ((fields & kSiSender) != 0) {
        out.pid = s.pid;
        out.uid = s.uid;
    }
    if ((fields & kSiValue) != 0) out.value = s.value;
    if ((fields & kSiTimer) != 0) {
        out.timerid = field_at<std::int32_t>(bytes, at.timerid);
        out.overrun = field_at<std::int32_t>(bytes, at.overrun);
    }
    if ((fields & kSiChild) != 0) {
        out.status = field_at<std::int32_t>(bytes, at.status);
        out.utime = field_at<std::int64_t>(bytes, at.utime);
        out.stime = field_at<std::int64_t>(bytes, at.stime);
    }
    if ((fields & (kSiAddr | kSiSys)) != 0) out.addr = field_at<std::uint64_t>(bytes, at.addr);
    if ((fields & kSiPoll) != 0) {
        out.band = field_at<std::int64_t>(bytes, at.band);
        out.fd = field_at<std::int32_t>(bytes, at.fd);
    }
    if ((fields & kSiSys) != 0) {
        out.syscall = field_at<std::int32_t>(bytes, at.syscall);
        out.arch = field_at<std::uint32_t>(bytes, at.arch);
    }
    return out;
}

std::optional<std::string_view> si_code_name(std::uint64_t signo, std::int32_t code) {
    for (const std::uint64_t owner : {std::uint64_t{0}, signo})
        for (const CodeRow& row : kCodes)
            if (row.signo == owner && row.code == code) return row.name;
    return std::nullopt;
}

std::optional<std::int32_t> si_code_by_name(std::uint64_t signo, std::string_view name) {
    for (const CodeRow& row : kCodes)
        if (row.name == name && (row.signo == 0 || row.signo == signo)) return row.code;
    return std::nullopt;
}

}  // namespace ct::decoder
