// SPDX-FileCopyrightText: 2026 The ShmBridge developers
// SPDX-License-Identifier: MIT
/* The room protocol of docs/segment-layout.md, in C99 with the compiler's
 * __atomic builtins; each function names the step of the document it does. */
#define _GNU_SOURCE
#include "room.h"

#include "sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define LOAD64(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define LOAD32(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE64(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define STORE32(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define RELAXED_LOAD64(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define RELAXED_STORE64(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
/* Any word of the room may be written by another process while we read it:
 * even fields ordered by a seqlock or by the room lock are read and written
 * with relaxed atomics, never plainly (docs/segment-layout.md, "Orderings"). */
#define RELAXED_LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define RELAXED_STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

static void copyToShared(unsigned char *shared, const unsigned char *source, uint64_t size);
static void copyFromShared(unsigned char *target, const unsigned char *shared, uint64_t size);

static int fail(char *err, size_t errSize, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(err, errSize, format, args);
    va_end(args);
    return -1;
}

static uint64_t clockNs(clockid_t clock)
{
    struct timespec now;
    clock_gettime(clock, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static uint64_t randomNonZero(void)
{
    uint64_t value = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    while (fd >= 0 && value == 0) {
        if (read(fd, &value, sizeof value) != (ssize_t)sizeof value)
            break;
    }
    if (fd >= 0)
        close(fd);
    while (value == 0) /* no /dev/urandom: the clock and pid, still unique enough for a nonce */
        value = clockNs(CLOCK_MONOTONIC) * 6364136223846793005u + (uint64_t)getpid();
    return value;
}

static uint64_t roundUpToPage(uint64_t bytes)
{
    return (bytes + SHMBRIDGE_PAGE_BYTES - 1) / SHMBRIDGE_PAGE_BYTES * SHMBRIDGE_PAGE_BYTES;
}

static uint64_t maxPayload(uint32_t kind)
{
    if (kind == SHMBRIDGE_KIND_TEXT)
        return SHMBRIDGE_MAX_TEXT_BYTES;
    if (kind == SHMBRIDGE_KIND_IMAGE)
        return (uint64_t)SHMBRIDGE_MAX_IMAGE_SIDE * SHMBRIDGE_MAX_IMAGE_SIDE * 4;
    return 8 + 8 * SHMBRIDGE_MAX_TELEMETRY_VALUES
           + SHMBRIDGE_MAX_TELEMETRY_VALUES * (1 + SHMBRIDGE_MAX_TELEMETRY_NAME_BYTES);
}

/* --- names ------------------------------------------------------------ */

static void channelName(const sb_room *room, char *out, size_t outSize, uint64_t nonce, uint32_t kind,
                        uint64_t generation, uint64_t token)
{
    snprintf(out, outSize, "%s-%llx-%u-%llu-%llx", room->prefix, (unsigned long long)nonce, kind,
             (unsigned long long)generation, (unsigned long long)token);
}

/* A peer's rendezvous socket: a path in the room home. */
static socklen_t rendezvousAddress(const sb_room *room, uint64_t nonce, struct sockaddr_un *address)
{
    int length;
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    length = snprintf(address->sun_path, sizeof address->sun_path, "%s-%llx.sock", room->prefix,
                      (unsigned long long)nonce);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)length + 1);
}

/* A directory of ours that nobody else may enter. */
static int isPrivateDirectory(const char *path, int *owner)
{
    struct stat info;
    int ok;
    const int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ok = fstat(fd, &info) == 0 && info.st_uid == geteuid() && (info.st_mode & 077) == 0;
    if (owner)
        *owner = fstat(fd, &info) == 0 ? (int)info.st_uid : -1;
    close(fd);
    return ok;
}

/* The document's "Room home": $XDG_RUNTIME_DIR/shmbridge, else
 * /run/user/<uid>/shmbridge, else /dev/shm/shmbridge-<uid>; made 0700 if
 * missing, and refused unless ours and closed to others. */
static int findHome(sb_room *room, char *err, size_t errSize)
{
    const char *runtime = getenv("XDG_RUNTIME_DIR");
    char runUser[32];
    int owner = -1;
    snprintf(runUser, sizeof runUser, "/run/user/%u", (unsigned)geteuid());
    if (runtime && *runtime) {
        if (runtime[0] != '/' || !isPrivateDirectory(runtime, NULL))
            return fail(err, errSize, "XDG_RUNTIME_DIR=%s is not a directory of yours closed to others", runtime);
        if (snprintf(room->home, sizeof room->home, "%s/shmbridge", runtime) >= (int)sizeof room->home)
            return fail(err, errSize, "XDG_RUNTIME_DIR=%s is too long a path", runtime);
    } else if (isPrivateDirectory(runUser, NULL)) {
        snprintf(room->home, sizeof room->home, "%s/shmbridge", runUser);
    } else {
        snprintf(room->home, sizeof room->home, "/dev/shm/shmbridge-%u", (unsigned)geteuid());
    }
    if (mkdir(room->home, 0700) != 0 && errno != EEXIST)
        return fail(err, errSize, "cannot make the room directory %s: %s", room->home, strerror(errno));
    if (!isPrivateDirectory(room->home, &owner))
        return fail(err, errSize, "the room directory %s is not yours alone (owner %d); refusing it", room->home, owner);
    return 0;
}

/* Open a segment as the protocol demands: no symlinks, no FIFOs, our own,
 * and nobody else's to read. */
static int openSegment(const char *name, int flags, size_t *size, char *err, size_t errSize)
{
    struct stat info;
    const int fd = open(name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(err, errSize, "cannot open shared memory %s: %s", name, strerror(errno));
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_uid != geteuid() || (info.st_mode & 077) != 0) {
        close(fd);
        errno = EPERM;
        return fail(err, errSize, "%s is not shared memory of this user alone; refusing it", name);
    }
    *size = (size_t)info.st_size;
    return fd;
}

/* --- liveness ----------------------------------------------------------- */

/* Field 22 of /proc/<pid>/task/<pid>/stat (and field 3, the state), after
 * the command name, which may itself hold spaces and parentheses. The main
 * thread's stat holds the process's values, and no emulator fakes it, as
 * qemu-user does a program's own /proc/<pid>/stat (liveness.cpp). */
static int readStat(int32_t pid, char *state, uint64_t *startTime)
{
    char path[64], text[1024];
    const char *at;
    unsigned field;
    FILE *file;
    size_t got;
    snprintf(path, sizeof path, "/proc/%ld/task/%ld/stat", (long)pid, (long)pid);
    file = fopen(path, "re");
    if (!file)
        return -1;
    got = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    text[got] = '\0';
    at = strrchr(text, ')');
    if (!at || at[1] != ' ')
        return -1;
    at += 2;
    *state = *at;
    for (field = 3; field < 22 && at; ++field) {
        at = strchr(at, ' ');
        if (at)
            ++at;
    }
    if (!at)
        return -1;
    *startTime = strtoull(at, NULL, 10);
    return 0;
}

static int processAlive(int32_t pid, uint64_t startTime)
{
    char state;
    uint64_t started;
    if (pid <= 0 || (kill(pid, 0) != 0 && errno != EPERM))
        return 0;
    if (readStat(pid, &state, &started) != 0)
        return 1; /* no /proc: the pid is all we know */
    return state != 'Z' && state != 'X' && started == startTime;
}

/* --- the control segment ------------------------------------------------ */

static shmbridge_room_header *header(const sb_room *room)
{
    return (shmbridge_room_header *)room->roomBase;
}

static shmbridge_peer_entry *entry(const sb_room *room, uint32_t slot)
{
    return (shmbridge_peer_entry *)(room->roomBase + SHMBRIDGE_PEER_TABLE_OFFSET
                                    + slot * sizeof(shmbridge_peer_entry));
}

static int lockRoom(int fd)
{
    unsigned waited;
    for (waited = 0; waited < SHMBRIDGE_LOCK_WAIT_MS; ++waited) {
        const struct timespec millisecond = { 0, 1000000 };
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return 0;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return -1;
        nanosleep(&millisecond, NULL);
    }
    return -1;
}

static void beginSlotWrite(shmbridge_peer_entry *e)
{
    __atomic_store_n(&e->slotGeneration, __atomic_load_n(&e->slotGeneration, __ATOMIC_RELAXED) | 1u,
                     __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

static void endSlotWrite(shmbridge_peer_entry *e)
{
    STORE32(&e->slotGeneration, (__atomic_load_n(&e->slotGeneration, __ATOMIC_RELAXED) | 1u) + 1);
}

/* Unlink every channel segment of one peer, whatever generation: listed in
 * the room home by name, and only our own user's files. Never a loop over a
 * number read from shared memory. */
static void unlinkChannelsOf(const sb_room *room, uint64_t nonce)
{
    char prefix[128];
    DIR *dir = opendir(room->home);
    struct dirent *file;
    /* The names in the directory: the prefix without "<home>/". */
    snprintf(prefix, sizeof prefix, "%s-%llx-", room->prefix + strlen(room->home) + 1, (unsigned long long)nonce);
    if (!dir)
        return;
    while ((file = readdir(dir)) != NULL) {
        struct stat info;
        if (strncmp(file->d_name, prefix, strlen(prefix)) != 0)
            continue;
        if (fstatat(dirfd(dir), file->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0 || info.st_uid != geteuid())
            continue;
        unlinkat(dirfd(dir), file->d_name, 0);
    }
    closedir(dir);
}

static const unsigned char noBytes[sizeof(shmbridge_peer_entry)];

static void reclaimEntry(const sb_room *room, shmbridge_peer_entry *e)
{
    const uint64_t nonce = LOAD64(&e->nonce);
    if (nonce != 0) {
        struct sockaddr_un address;
        unlinkChannelsOf(room, nonce);
        rendezvousAddress(room, nonce, &address);
        unlink(address.sun_path); /* a crashed peer's socket stays behind */
    }
    beginSlotWrite(e);
    /* Zero everything but the generation word, which stays odd meanwhile:
     * the state, then all that follows the generation. */
    RELAXED_STORE(&e->state, 0u);
    copyToShared((unsigned char *)&e->nonce, noBytes, sizeof *e - offsetof(shmbridge_peer_entry, nonce));
    endSlotWrite(e);
}

static void initialiseHeader(sb_room *room)
{
    shmbridge_room_header *h = header(room);
    const size_t keySize = strlen(room->key);
    memset(room->roomBase, 0, SHMBRIDGE_ROOM_SEGMENT_SIZE);
    h->version = SHMBRIDGE_PROTOCOL_VERSION;
    h->headerSize = sizeof(shmbridge_room_header);
    h->peerCapacity = SHMBRIDGE_MAX_PEERS;
    h->peerEntrySize = sizeof(shmbridge_peer_entry);
    h->peerTableOffset = SHMBRIDGE_PEER_TABLE_OFFSET;
    h->keySize = (uint32_t)keySize;
    h->createdRealtimeNs = clockNs(CLOCK_REALTIME);
    memcpy(h->key, room->key, keySize);
    STORE64(&h->magic, SHMBRIDGE_ROOM_MAGIC); /* last: the room exists from here */
}

static int validateHeader(const sb_room *room, char *err, size_t errSize)
{
    const shmbridge_room_header *h = header(room);
    if (LOAD64(&h->magic) != SHMBRIDGE_ROOM_MAGIC)
        return fail(err, errSize, "room \"%s\" is corrupt: bad magic", room->key);
    if (h->version != SHMBRIDGE_PROTOCOL_VERSION)
        return fail(err, errSize, "room \"%s\" speaks protocol version %u; this program speaks %u", room->key,
                    h->version, SHMBRIDGE_PROTOCOL_VERSION);
    if (h->headerSize != sizeof(shmbridge_room_header) || h->peerCapacity != SHMBRIDGE_MAX_PEERS
        || h->peerEntrySize != sizeof(shmbridge_peer_entry) || h->peerTableOffset != SHMBRIDGE_PEER_TABLE_OFFSET)
        return fail(err, errSize, "room \"%s\" is corrupt: bad sizes in its header", room->key);
    if (h->keySize != strlen(room->key) || memcmp(h->key, room->key, h->keySize) != 0)
        return fail(err, errSize, "room \"%s\" collides with another key's room", room->key);
    return 0;
}

/* The document's "Meet": hand our bell to a peer's rendezvous socket. Until
 * it answers with its own, this is also how we wake it. */
static void introduce(sb_room *room, uint64_t nonce)
{
    struct sockaddr_un address;
    shmbridge_hello hello;
    struct iovec data;
    union {
        struct cmsghdr align;
        char bytes[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr message;
    struct cmsghdr *part;
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    hello.magic = SHMBRIDGE_HELLO_MAGIC;
    hello.nonce = room->nonce;
    data.iov_base = &hello;
    data.iov_len = sizeof hello;
    memset(&control, 0, sizeof control);
    memset(&message, 0, sizeof message);
    message.msg_name = &address;
    message.msg_namelen = rendezvousAddress(room, nonce, &address);
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    message.msg_control = control.bytes;
    message.msg_controllen = sizeof control.bytes;
    part = CMSG_FIRSTHDR(&message);
    part->cmsg_level = SOL_SOCKET;
    part->cmsg_type = SCM_RIGHTS;
    part->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(part), &room->bellFd, sizeof(int));
    /* A full queue (EAGAIN) means a wake-up is pending already. */
    sendmsg(fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
    close(fd);
}

/* Wake one peer: through its bell if it gave us one, else by introducing
 * ourselves again. */
static void ring(sb_room *room, uint32_t slot, uint64_t nonce)
{
    if (room->bells[slot].nonce == nonce && room->bells[slot].fd >= 0)
        eventfd_write(room->bells[slot].fd, 1); /* never blocks: the eventfd is non-blocking */
    else
        introduce(room, nonce);
}

static void forgetBell(sb_room *room, uint32_t slot)
{
    if (room->bells[slot].fd >= 0)
        close(room->bells[slot].fd);
    room->bells[slot].fd = -1;
    room->bells[slot].nonce = 0;
}

static void ringAll(sb_room *room)
{
    uint32_t slot;
    for (slot = 0; slot < SHMBRIDGE_MAX_PEERS; ++slot) {
        shmbridge_peer_entry *e = entry(room, slot);
        if (slot == room->slot || LOAD32(&e->state) != SHMBRIDGE_PEER_LIVE)
            continue;
        ring(room, slot, LOAD64(&e->nonce));
    }
}

/* Our bell (an eventfd) and our rendezvous socket, bound under a fresh nonce. */
static int openDoorbell(sb_room *room, char *err, size_t errSize)
{
    const int on = 1;
    int attempt;
    room->bellFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    room->rendezvousFd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (room->bellFd < 0 || room->rendezvousFd < 0)
        return fail(err, errSize, "cannot create a doorbell: %s", strerror(errno));
    if (setsockopt(room->rendezvousFd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) != 0)
        return fail(err, errSize, "cannot ask for the senders of rendezvous messages: %s", strerror(errno));
    /* The nonce is whatever names a socket nobody has bound yet. */
    for (attempt = 0; attempt < 4; ++attempt) {
        struct sockaddr_un address;
        socklen_t length;
        room->nonce = randomNonZero();
        length = rendezvousAddress(room, room->nonce, &address);
        if (bind(room->rendezvousFd, (struct sockaddr *)&address, length) == 0) {
            chmod(address.sun_path, 0600);
            return 0;
        }
        if (errno != EADDRINUSE)
            break;
    }
    room->nonce = 0;
    return fail(err, errSize, "cannot bind a rendezvous socket: %s", strerror(errno));
}

/* Gives up a control segment we mapped but did not join. */
static int detach(sb_room *room)
{
    flock(room->roomFd, LOCK_UN);
    munmap(room->roomBase, SHMBRIDGE_ROOM_SEGMENT_SIZE);
    close(room->roomFd);
    room->roomBase = NULL;
    room->roomFd = -1;
    return -1;
}

/* The document's "Join", from opening the control segment to unlocking it. */
static int attachAndClaim(sb_room *room, const char *name, char *err, size_t errSize)
{
    const char *segmentName = room->prefix;
    int attempt;
    for (attempt = 0; attempt < 16; ++attempt) {
        struct stat info;
        size_t size = 0;
        uint32_t slot, live = 0, chosen = SHMBRIDGE_MAX_PEERS, oldestLeft = SHMBRIDGE_MAX_PEERS;
        shmbridge_peer_entry *e;
        int fd = openSegment(segmentName, O_RDWR, &size, err, errSize);
        if (fd < 0 && errno == ENOENT) {
            fd = openSegment(segmentName, O_RDWR | O_CREAT | O_EXCL, &size, err, errSize);
            if (fd < 0 && errno == EEXIST)
                continue; /* someone else created it first: attach to theirs */
        }
        if (fd < 0)
            return -1;
        if (lockRoom(fd) != 0) {
            close(fd);
            return fail(err, errSize, "room \"%s\" is busy: its lock was not free within %u ms", room->key,
                        SHMBRIDGE_LOCK_WAIT_MS);
        }
        if (fstat(fd, &info) != 0 || info.st_nlink == 0) {
            close(fd); /* the last peer removed the room between our open and lock */
            continue;
        }
        size = (size_t)info.st_size;
        if (size != 0 && size != SHMBRIDGE_ROOM_SEGMENT_SIZE) {
            close(fd);
            return fail(err, errSize, "room \"%s\" is corrupt: its segment is %zu bytes", room->key, size);
        }
        /* Sized if new (or its creator died first), and reserved before the
         * first read: on a full tmpfs an unreserved page is a SIGBUS. */
        if ((size == 0 && ftruncate(fd, SHMBRIDGE_ROOM_SEGMENT_SIZE) != 0)
            || (errno = posix_fallocate(fd, 0, SHMBRIDGE_ROOM_SEGMENT_SIZE)) != 0) {
            close(fd);
            return fail(err, errSize, "cannot reserve room \"%s\": %s", room->key, strerror(errno));
        }
        room->roomBase = mmap(NULL, SHMBRIDGE_ROOM_SEGMENT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (room->roomBase == MAP_FAILED) {
            room->roomBase = NULL;
            close(fd);
            return fail(err, errSize, "cannot map room \"%s\": %s", room->key, strerror(errno));
        }
        room->roomFd = fd;
        if (LOAD64(&header(room)->magic) == 0)
            initialiseHeader(room);
        else if (validateHeader(room, err, errSize) != 0)
            return detach(room);

        /* Peers that died without leaving become "left"; nobody alive means
         * a leftover of a crash, which starts afresh. */
        for (slot = 0; slot < SHMBRIDGE_MAX_PEERS; ++slot) {
            e = entry(room, slot);
            if (LOAD32(&e->state) != SHMBRIDGE_PEER_LIVE)
                continue;
            if (processAlive(RELAXED_LOAD(&e->pid), RELAXED_LOAD(&e->startTime)))
                ++live;
            else
                STORE32(&e->state, SHMBRIDGE_PEER_LEFT);
        }
        for (slot = 0; live == 0 && slot < SHMBRIDGE_MAX_PEERS; ++slot) {
            if (LOAD32(&entry(room, slot)->state) != SHMBRIDGE_PEER_FREE)
                reclaimEntry(room, entry(room, slot));
        }
        /* A free slot, or else the one of the peer that left longest ago. */
        for (slot = 0; slot < SHMBRIDGE_MAX_PEERS && chosen == SHMBRIDGE_MAX_PEERS; ++slot) {
            const uint32_t state = LOAD32(&entry(room, slot)->state);
            if (state == SHMBRIDGE_PEER_FREE)
                chosen = slot;
            else if (state == SHMBRIDGE_PEER_LEFT
                     && (oldestLeft == SHMBRIDGE_MAX_PEERS
                         || RELAXED_LOAD(&entry(room, slot)->joinedRealtimeNs)
                                < RELAXED_LOAD(&entry(room, oldestLeft)->joinedRealtimeNs)))
                oldestLeft = slot;
        }
        if (chosen == SHMBRIDGE_MAX_PEERS)
            chosen = oldestLeft;
        if (chosen == SHMBRIDGE_MAX_PEERS) {
            fail(err, errSize, "room \"%s\" is full: %u peers are in it", room->key, SHMBRIDGE_MAX_PEERS);
            return detach(room);
        }
        e = entry(room, chosen);
        if (LOAD32(&e->state) != SHMBRIDGE_PEER_FREE)
            reclaimEntry(room, e);
        beginSlotWrite(e);
        RELAXED_STORE64(&e->nonce, room->nonce);
        RELAXED_STORE(&e->pid, (int32_t)getpid());
        {
            char state;
            uint64_t started = 0;
            readStat((int32_t)getpid(), &state, &started);
            RELAXED_STORE(&e->startTime, started);
        }
        RELAXED_STORE(&e->joinedRealtimeNs, clockNs(CLOCK_REALTIME));
        RELAXED_STORE(&e->nameSize, (uint32_t)strlen(name));
        copyToShared((unsigned char *)e->name, (const unsigned char *)name, strlen(name));
        __atomic_store_n(&e->state, SHMBRIDGE_PEER_LIVE, __ATOMIC_RELAXED);
        endSlotWrite(e);
        room->slot = chosen;
        room->joined = 1;
        flock(fd, LOCK_UN);
        return 0;
    }
    return fail(err, errSize, "room \"%s\" keeps being removed while joining; try again", room->key);
}

int sb_join(sb_room *room, const char *key, const char *name, char *err, size_t errSize)
{
    uint8_t digest[32];
    char hex[25];
    size_t i;
    const size_t keySize = strlen(key), nameSize = strlen(name);
    memset(room, 0, sizeof *room);
    room->roomFd = room->bellFd = room->rendezvousFd = -1;
    for (i = 0; i < SHMBRIDGE_KIND_COUNT; ++i)
        room->channels[i].fd = -1;
    for (i = 0; i < SHMBRIDGE_MAX_PEERS; ++i)
        room->bells[i].fd = -1;
    if (keySize == 0 || keySize > SHMBRIDGE_MAX_KEY_BYTES)
        return fail(err, errSize, "the room key must be 1 to %u bytes", SHMBRIDGE_MAX_KEY_BYTES);
    if (nameSize == 0 || nameSize > SHMBRIDGE_MAX_NAME_BYTES)
        return fail(err, errSize, "the peer name must be 1 to %u bytes", SHMBRIDGE_MAX_NAME_BYTES);
    for (i = 0; i < keySize; ++i) {
        if ((unsigned char)key[i] < 0x20 || key[i] == 0x7f)
            return fail(err, errSize, "the room key contains control characters");
    }
    memcpy(room->key, key, keySize + 1);
    sha256(key, keySize, digest);
    for (i = 0; i < 12; ++i)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    if (findHome(room, err, errSize) != 0)
        return -1;
    snprintf(room->prefix, sizeof room->prefix, "%s/room-%s", room->home, hex);
    if (openDoorbell(room, err, errSize) != 0 || attachAndClaim(room, name, err, errSize) != 0) {
        sb_leave(room);
        return -1;
    }
    /* Each live peer answers with its own bell, and looks at the room. */
    for (i = 0; i < SHMBRIDGE_MAX_PEERS; ++i) {
        const shmbridge_peer_entry *e = entry(room, (uint32_t)i);
        if (i != room->slot && LOAD32(&e->state) == SHMBRIDGE_PEER_LIVE) {
            room->introduced[i] = LOAD64(&e->nonce);
            introduce(room, room->introduced[i]);
        }
    }
    return 0;
}

/* --- publishing ----------------------------------------------------------- */

/* A new generation of one of our channels, big enough for size bytes. */
static int growChannel(sb_room *room, uint32_t kind, uint64_t size, char *err, size_t errSize)
{
    sb_channel *channel = &room->channels[kind];
    sb_channel next = *channel;
    char name[200];
    int attempt;
    shmbridge_channel_header *h;
    uint64_t wanted = size > 2 * channel->capacity ? size : 2 * channel->capacity;
    if (wanted > maxPayload(kind))
        wanted = maxPayload(kind);
    next.capacity = roundUpToPage(wanted + sizeof(shmbridge_buffer_header)) - sizeof(shmbridge_buffer_header);
    next.stride = next.capacity + sizeof(shmbridge_buffer_header);
    next.bufferCount = SHMBRIDGE_WRITER_BUFFERS;
    next.size = SHMBRIDGE_CHANNEL_BUFFERS_OFFSET + SHMBRIDGE_WRITER_BUFFERS * next.stride;
    next.generation = channel->generation + 1;
    next.publishedIndex = 0;
    next.fd = -1;
    /* A random token ends the name: nobody can create it before we do. */
    for (attempt = 0; attempt < 8 && next.fd < 0; ++attempt) {
        size_t ignored;
        next.token = randomNonZero();
        channelName(room, name, sizeof name, room->nonce, kind, next.generation, next.token);
        next.fd = openSegment(name, O_RDWR | O_CREAT | O_EXCL, &ignored, err, errSize);
        if (next.fd < 0 && errno != EEXIST)
            return -1;
    }
    if (next.fd < 0)
        return -1;
    /* Reserved before it is touched: a full tmpfs is an error here, not a SIGBUS later. */
    if (ftruncate(next.fd, (off_t)next.size) != 0 || (errno = posix_fallocate(next.fd, 0, (off_t)next.size)) != 0) {
        fail(err, errSize, "cannot reserve %llu bytes of shared memory: %s", (unsigned long long)next.size,
             strerror(errno));
        close(next.fd);
        unlink(name);
        return -1;
    }
    next.base = mmap(NULL, next.size, PROT_READ | PROT_WRITE, MAP_SHARED, next.fd, 0);
    if (next.base == MAP_FAILED) {
        fail(err, errSize, "cannot map %s: %s", name, strerror(errno));
        close(next.fd);
        unlink(name);
        return -1;
    }
    h = (shmbridge_channel_header *)next.base;
    h->version = SHMBRIDGE_PROTOCOL_VERSION;
    h->kind = kind;
    h->bufferCount = next.bufferCount;
    h->headerSize = sizeof(shmbridge_channel_header);
    h->bufferStride = next.stride;
    h->bufferCapacity = next.capacity;
    h->writerNonce = room->nonce;
    STORE64(&h->magic, SHMBRIDGE_CHANNEL_MAGIC);
    *channel = next;
    return 0;
}

/* Every byte of a buffer is written with relaxed atomic stores, so a
 * concurrent reader is well-defined (and notices with the seqlock). */
static void copyToShared(unsigned char *shared, const unsigned char *source, uint64_t size)
{
    uint64_t at = 0;
    for (; at + 8 <= size; at += 8) {
        uint64_t word;
        memcpy(&word, source + at, 8);
        RELAXED_STORE64((uint64_t *)(void *)(shared + at), word);
    }
    for (; at < size; ++at)
        __atomic_store_n(shared + at, source[at], __ATOMIC_RELAXED);
}

static void copyFromShared(unsigned char *target, const unsigned char *shared, uint64_t size)
{
    uint64_t at = 0;
    for (; at + 8 <= size; at += 8) {
        const uint64_t word = RELAXED_LOAD64((const uint64_t *)(const void *)(shared + at));
        memcpy(target + at, &word, 8);
    }
    for (; at < size; ++at)
        target[at] = __atomic_load_n(shared + at, __ATOMIC_RELAXED);
}

int sb_publish(sb_room *room, uint32_t kind, const void *payload, uint64_t size, char *err, size_t errSize)
{
    sb_channel *channel;
    shmbridge_channel_header *h;
    shmbridge_buffer_header *buffer;
    shmbridge_buffer_header fields;
    shmbridge_channel_state *state;
    uint64_t before, seq;
    uint64_t retiredGeneration = 0, retiredToken = 0;
    uint32_t index;
    if (!room->joined)
        return fail(err, errSize, "not in a room");
    if (kind >= SHMBRIDGE_KIND_COUNT || size > maxPayload(kind))
        return fail(err, errSize, "the value is %llu bytes; the limit is %llu", (unsigned long long)size,
                    (unsigned long long)maxPayload(kind < SHMBRIDGE_KIND_COUNT ? kind : 0));
    channel = &room->channels[kind];
    if (channel->generation == 0 || size > channel->capacity) {
        const sb_channel old = *channel;
        if (growChannel(room, kind, size, err, errSize) != 0)
            return -1;
        if (old.generation != 0) {
            munmap(old.base, old.size);
            close(old.fd);
            retiredGeneration = old.generation;
            retiredToken = old.token;
        }
        channel->seq = old.seq;
    }
    /* The buffer after the published one: never the one readers are told to read. */
    index = (channel->publishedIndex + 1) % channel->bufferCount;
    buffer = (shmbridge_buffer_header *)(channel->base + SHMBRIDGE_CHANNEL_BUFFERS_OFFSET + index * channel->stride);
    seq = channel->seq + 1;
    before = RELAXED_LOAD64(&buffer->lock);
    RELAXED_STORE64(&buffer->lock, before + 1);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    memset(&fields, 0, sizeof fields);
    fields.updateSeq = seq;
    fields.publishMonotonicNs = clockNs(CLOCK_MONOTONIC);
    fields.payloadSize = size;
    copyToShared((unsigned char *)buffer + 8, (const unsigned char *)&fields + 8, sizeof fields - 8);
    copyToShared((unsigned char *)buffer + sizeof fields, payload, size);
    STORE64(&buffer->lock, before + 2);
    h = (shmbridge_channel_header *)channel->base;
    STORE64(&h->published, seq << 8 | index);
    channel->seq = seq;
    channel->publishedIndex = index;

    state = &entry(room, room->slot)->channels[kind];
    RELAXED_STORE(&state->capacity, channel->capacity);
    if (RELAXED_LOAD64(&state->segmentGeneration) != channel->generation) {
        STORE64(&state->segmentToken, channel->token);
        STORE64(&state->segmentGeneration, channel->generation);
    }
    STORE64(&state->latestSeq, seq);
    if (retiredGeneration != 0) {
        char name[200];
        channelName(room, name, sizeof name, room->nonce, kind, retiredGeneration, retiredToken);
        unlink(name);
    }
    ringAll(room);
    return 0;
}

int sb_publish_telemetry(sb_room *room, const double *values, const char *const *names, uint32_t count,
                         char *err, size_t errSize)
{
    unsigned char payload[8 + 8 * SHMBRIDGE_MAX_TELEMETRY_VALUES
                          + SHMBRIDGE_MAX_TELEMETRY_VALUES * (1 + SHMBRIDGE_MAX_TELEMETRY_NAME_BYTES)];
    uint32_t namesSize = 0, i;
    size_t at;
    if (count == 0 || count > SHMBRIDGE_MAX_TELEMETRY_VALUES)
        return fail(err, errSize, "telemetry has 1 to %u values", SHMBRIDGE_MAX_TELEMETRY_VALUES);
    at = 8 + 8 * (size_t)count;
    for (i = 0; i < count; ++i) {
        if (values[i] != values[i] || values[i] - values[i] != 0) /* NaN or infinite */
            return fail(err, errSize, "telemetry values must be finite numbers");
        memcpy(payload + 8 + 8 * i, &values[i], 8);
    }
    /* Names for every value, or for none. */
    for (i = 0; names && i < count; ++i) {
        const size_t length = strlen(names[i]);
        if (length == 0 || length > SHMBRIDGE_MAX_TELEMETRY_NAME_BYTES)
            return fail(err, errSize, "telemetry names must be 1 to %u bytes", SHMBRIDGE_MAX_TELEMETRY_NAME_BYTES);
        payload[at++] = (unsigned char)length;
        memcpy(payload + at, names[i], length);
        at += length;
        namesSize += (uint32_t)(1 + length);
    }
    memcpy(payload, &count, 4);
    memcpy(payload + 4, &namesSize, 4);
    return sb_publish(room, SHMBRIDGE_KIND_TELEMETRY, payload, at, err, errSize);
}

/* --- reading the others ----------------------------------------------------- */

static void unmapView(sb_view *view)
{
    if (view->base)
        munmap((void *)view->base, view->size);
    memset(view, 0, sizeof *view);
}

/* Maps a peer's channel segment and checks its header once. */
static int mapView(sb_room *room, sb_view *view, uint64_t nonce, uint32_t kind, uint64_t generation, uint64_t token)
{
    char name[200], err[200];
    size_t size = 0;
    shmbridge_channel_header h;
    int fd;
    void *base;
    unmapView(view);
    channelName(room, name, sizeof name, nonce, kind, generation, token);
    fd = openSegment(name, O_RDONLY, &size, err, sizeof err);
    if (fd < 0)
        return -1;
    if (size < SHMBRIDGE_CHANNEL_BUFFERS_OFFSET) {
        close(fd);
        return -1;
    }
    base = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (base == MAP_FAILED)
        return -1;
    copyFromShared((unsigned char *)&h, base, sizeof h);
    if (h.magic != SHMBRIDGE_CHANNEL_MAGIC || h.version != SHMBRIDGE_PROTOCOL_VERSION || h.kind != kind
        || h.writerNonce != nonce || h.bufferCount < SHMBRIDGE_MIN_BUFFERS || h.bufferCount > SHMBRIDGE_MAX_BUFFERS
        || h.bufferCapacity > roundUpToPage(maxPayload(kind) + sizeof(shmbridge_buffer_header)) - sizeof(shmbridge_buffer_header) || h.bufferStride < sizeof(shmbridge_buffer_header) + h.bufferCapacity
        || h.bufferStride > size
        || SHMBRIDGE_CHANNEL_BUFFERS_OFFSET + (uint64_t)h.bufferCount * h.bufferStride > size) {
        munmap(base, size);
        fprintf(stderr, "c-telemetry: refusing %s: its header is corrupt\n", name);
        return -1;
    }
    view->nonce = nonce;
    view->generation = generation;
    view->token = token;
    view->base = base;
    view->size = size;
    view->bufferCount = h.bufferCount;
    view->stride = h.bufferStride;
    view->capacity = h.bufferCapacity;
    return 0;
}

/* The seqlock read of the published buffer into room->copy; returns the
 * payload size (and its sequence number in *seq), or -1. */
static int64_t readView(sb_room *room, const sb_view *view, uint64_t *seq)
{
    const shmbridge_channel_header *h = (const shmbridge_channel_header *)view->base;
    unsigned attempt;
    for (attempt = 0; attempt < SHMBRIDGE_READ_ATTEMPTS; ++attempt) {
        const uint64_t published = LOAD64(&h->published);
        const uint32_t index = (uint32_t)(published & 0xff);
        const unsigned char *buffer;
        shmbridge_buffer_header fields;
        uint64_t lock;
        if (published == 0 || index >= view->bufferCount)
            return -1;
        buffer = view->base + SHMBRIDGE_CHANNEL_BUFFERS_OFFSET + index * view->stride;
        lock = LOAD64((const uint64_t *)(const void *)buffer);
        if (lock & 1)
            continue;
        copyFromShared((unsigned char *)&fields, buffer, sizeof fields);
        if (fields.payloadSize > view->capacity)
            return -1;
        if (fields.payloadSize > room->copySize) {
            unsigned char *bigger = realloc(room->copy, fields.payloadSize);
            if (!bigger)
                return -1;
            room->copy = bigger;
            room->copySize = fields.payloadSize;
        }
        copyFromShared(room->copy, buffer + sizeof fields, fields.payloadSize);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (RELAXED_LOAD64((const uint64_t *)(const void *)buffer) == lock) {
            *seq = fields.updateSeq;
            return (int64_t)fields.payloadSize;
        }
    }
    return -1; /* the writer is faster than we are: the next doorbell brings the newer value */
}

static void acknowledge(sb_room *room, uint32_t writerSlot, uint64_t writer, uint32_t kind, uint64_t seq)
{
    shmbridge_ack *ack = &entry(room, room->slot)->acks[writerSlot];
    uint32_t k;
    if (RELAXED_LOAD64(&ack->writerNonce) != writer) { /* a new writer in that slot */
        STORE64(&ack->writerNonce, 0);
        for (k = 0; k < SHMBRIDGE_KIND_COUNT; ++k)
            RELAXED_STORE64(&ack->seq[k], 0);
        RELAXED_STORE64(&ack->imageLease, 0);
        STORE64(&ack->writerNonce, writer);
    }
    if (seq <= RELAXED_LOAD64(&ack->seq[kind]))
        return;
    STORE64(&ack->seq[kind], seq);
    ring(room, writerSlot, writer);
}

void sb_poll(sb_room *room, sb_update_fn callback, void *context)
{
    uint32_t slot, kind;
    if (!room->joined)
        return;
    for (slot = 0; slot < SHMBRIDGE_MAX_PEERS; ++slot) {
        shmbridge_peer_entry *e = entry(room, slot);
        char name[SHMBRIDGE_MAX_NAME_BYTES + 1];
        uint32_t before, nameSize;
        uint64_t nonce;
        shmbridge_channel_state channels[SHMBRIDGE_KIND_COUNT];
        if (slot == room->slot || LOAD32(&e->state) == SHMBRIDGE_PEER_FREE)
            continue;
        /* The slot's identity, read between two even generations. */
        before = LOAD32(&e->slotGeneration);
        if (before & 1)
            continue;
        nonce = LOAD64(&e->nonce);
        nameSize = RELAXED_LOAD(&e->nameSize);
        if (nameSize > SHMBRIDGE_MAX_NAME_BYTES)
            nameSize = SHMBRIDGE_MAX_NAME_BYTES;
        copyFromShared((unsigned char *)name, (const unsigned char *)e->name, nameSize);
        name[nameSize] = '\0';
        for (kind = 0; kind < SHMBRIDGE_KIND_COUNT; ++kind) {
            channels[kind].segmentGeneration = LOAD64(&e->channels[kind].segmentGeneration);
            channels[kind].segmentToken = LOAD64(&e->channels[kind].segmentToken);
            channels[kind].latestSeq = LOAD64(&e->channels[kind].latestSeq);
        }
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (RELAXED_LOAD64(&e->nonce) != nonce || __atomic_load_n(&e->slotGeneration, __ATOMIC_RELAXED) != before
            || nonce == 0)
            continue;
        if (LOAD32(&e->state) != SHMBRIDGE_PEER_LIVE && room->bells[slot].nonce == nonce)
            forgetBell(room, slot); /* it left: its values stay, its bell goes */
        if (room->seenNonce[slot] != nonce) { /* someone new in this slot */
            room->seenNonce[slot] = nonce;
            if (room->bells[slot].nonce != nonce)
                forgetBell(room, slot);
            memset(room->seenSeq[slot], 0, sizeof room->seenSeq[slot]);
            for (kind = 0; kind < SHMBRIDGE_KIND_COUNT; ++kind)
                unmapView(&room->views[slot][kind]);
        }
        for (kind = 0; kind < SHMBRIDGE_KIND_COUNT; ++kind) {
            sb_view *view = &room->views[slot][kind];
            const shmbridge_channel_state *state = &channels[kind];
            int64_t size;
            uint64_t seq;
            if (kind == SHMBRIDGE_KIND_IMAGE || state->segmentGeneration == 0
                || state->latestSeq <= room->seenSeq[slot][kind])
                continue;
            if ((view->nonce != nonce || view->generation != state->segmentGeneration
                 || view->token != state->segmentToken)
                && mapView(room, view, nonce, kind, state->segmentGeneration, state->segmentToken) != 0)
                continue;
            size = readView(room, view, &seq);
            if (size < 0)
                continue;
            room->seenSeq[slot][kind] = state->latestSeq > seq ? state->latestSeq : seq;
            acknowledge(room, slot, nonce, kind, seq);
            callback(context, name, kind, seq, room->copy, (uint64_t)size);
        }
    }
}

int sb_bell_fd(const sb_room *room)
{
    return room->bellFd;
}

int sb_rendezvous_fd(const sb_room *room)
{
    return room->rendezvousFd;
}

int sb_drain(sb_room *room)
{
    eventfd_t rings = 0;
    return eventfd_read(room->bellFd, &rings) == 0 && rings > 0;
}

/* Only a non-blocking eventfd may be written from a publish: anything else
 * (a pipe, a socket) could block the writer. */
static int isNonBlockingEventfd(int fd)
{
    char path[64], link[64];
    ssize_t size;
    const int flags = fcntl(fd, F_GETFL);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    size = readlink(path, link, sizeof link - 1);
    if (size <= 0 || flags < 0 || !(flags & O_NONBLOCK))
        return 0;
    link[size] = '\0';
    return strcmp(link, "anon_inode:[eventfd]") == 0;
}

/* The document's "Meet", receiving side: keep the bell a live peer of the
 * room hands us, if its credentials match the slot of its nonce. */
int sb_meet(sb_room *room)
{
    int any = 0, i;
    for (i = 0; i < 64; ++i) {
        shmbridge_hello hello;
        char spare;
        struct iovec data[2] = { { &hello, sizeof hello }, { &spare, 1 } };
        union {
            struct cmsghdr align;
            char bytes[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(4 * sizeof(int))];
        } control;
        struct msghdr message;
        struct cmsghdr *part;
        struct ucred sender;
        int fds[4], fdCount = 0, haveSender = 0, k;
        uint32_t slot, matched = SHMBRIDGE_MAX_PEERS;
        ssize_t size;
        memset(&message, 0, sizeof message);
        message.msg_iov = data;
        message.msg_iovlen = 2;
        message.msg_control = control.bytes;
        message.msg_controllen = sizeof control.bytes;
        size = recvmsg(room->rendezvousFd, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (size < 0)
            break;
        any = 1; /* a peer joined, answered, or rang before it had our bell */
        for (part = CMSG_FIRSTHDR(&message); part; part = CMSG_NXTHDR(&message, part)) {
            if (part->cmsg_level != SOL_SOCKET)
                continue;
            if (part->cmsg_type == SCM_CREDENTIALS && part->cmsg_len >= CMSG_LEN(sizeof sender)) {
                memcpy(&sender, CMSG_DATA(part), sizeof sender);
                haveSender = 1;
            } else if (part->cmsg_type == SCM_RIGHTS) {
                const size_t count = (part->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                size_t n;
                for (n = 0; n < count && fdCount < 4; ++n)
                    memcpy(&fds[fdCount++], CMSG_DATA(part) + n * sizeof(int), sizeof(int));
            }
        }
        if (size == (ssize_t)sizeof hello && !(message.msg_flags & (MSG_CTRUNC | MSG_TRUNC)) && haveSender
            && sender.uid == geteuid() && fdCount == 1 && hello.magic == SHMBRIDGE_HELLO_MAGIC && hello.nonce != 0
            && isNonBlockingEventfd(fds[0])) {
            for (slot = 0; slot < SHMBRIDGE_MAX_PEERS && matched == SHMBRIDGE_MAX_PEERS; ++slot) {
                const shmbridge_peer_entry *e = entry(room, slot);
                if (slot != room->slot && LOAD32(&e->state) == SHMBRIDGE_PEER_LIVE && LOAD64(&e->nonce) == hello.nonce
                    && RELAXED_LOAD(&e->pid) == sender.pid)
                    matched = slot;
            }
        }
        if (matched == SHMBRIDGE_MAX_PEERS) {
            for (k = 0; k < fdCount; ++k)
                close(fds[k]);
            continue;
        }
        if (room->bells[matched].nonce == hello.nonce) {
            close(fds[0]); /* the same bell again: it rang us */
            continue;
        }
        forgetBell(room, matched);
        room->bells[matched].nonce = hello.nonce;
        room->bells[matched].fd = fds[0];
        eventfd_write(fds[0], 1); /* whatever we published before we had its bell */
        if (room->introduced[matched] != hello.nonce) {
            room->introduced[matched] = hello.nonce;
            introduce(room, hello.nonce);
        }
    }
    return any;
}

/* --- leaving ------------------------------------------------------------ */

void sb_leave(sb_room *room)
{
    uint32_t kind, slot;
    int removed = 0;
    if (room->joined) {
        struct stat info;
        const int removedUnderUs = fstat(room->roomFd, &info) == 0 && info.st_nlink == 0;
        const int locked = lockRoom(room->roomFd) == 0;
        STORE32(&entry(room, room->slot)->state, SHMBRIDGE_PEER_LEFT); /* our values stay readable */
        if (removedUnderUs) {
            unlinkChannelsOf(room, room->nonce); /* nobody else can reach them now */
        } else if (locked) {
            int anyoneLive = 0;
            for (slot = 0; slot < SHMBRIDGE_MAX_PEERS; ++slot) {
                const shmbridge_peer_entry *e = entry(room, slot);
                if (LOAD32(&e->state) == SHMBRIDGE_PEER_LIVE
                    && processAlive(RELAXED_LOAD(&e->pid), RELAXED_LOAD(&e->startTime)))
                    anyoneLive = 1;
            }
            if (!anyoneLive) { /* the last one out removes the room */
                for (slot = 0; slot < SHMBRIDGE_MAX_PEERS; ++slot) {
                    if (LOAD32(&entry(room, slot)->state) != SHMBRIDGE_PEER_FREE)
                        reclaimEntry(room, entry(room, slot));
                }
                unlink(room->prefix);
                removed = 1;
            }
        }
        if (locked)
            flock(room->roomFd, LOCK_UN);
        if (!removed)
            ringAll(room);
        munmap(room->roomBase, SHMBRIDGE_ROOM_SEGMENT_SIZE);
        room->roomBase = NULL;
        room->joined = 0;
    }
    for (kind = 0; kind < SHMBRIDGE_KIND_COUNT; ++kind) {
        if (room->channels[kind].generation != 0) {
            munmap(room->channels[kind].base, room->channels[kind].size);
            close(room->channels[kind].fd);
        }
        room->channels[kind].generation = 0;
    }
    for (slot = 0; slot < SHMBRIDGE_MAX_PEERS; ++slot) {
        for (kind = 0; kind < SHMBRIDGE_KIND_COUNT; ++kind)
            unmapView(&room->views[slot][kind]);
        forgetBell(room, slot);
    }
    if (room->roomFd >= 0)
        close(room->roomFd);
    if (room->rendezvousFd >= 0) {
        struct sockaddr_un address;
        close(room->rendezvousFd);
        rendezvousAddress(room, room->nonce, &address);
        unlink(address.sun_path);
    }
    if (room->bellFd >= 0)
        close(room->bellFd);
    room->roomFd = room->bellFd = room->rendezvousFd = -1;
    free(room->copy);
    room->copy = NULL;
    room->copySize = 0;
}
