/*
 * ovsf-capture: the native capture engine (docs/capture.md, "The native engine").
 *
 * Run inside the target's network namespace, it opens one libpcap handle (TPACKET_V3 ring,
 * nanosecond timestamps, BPF filter) and writes whole pcapng Enhanced Packet Blocks, carrying the
 * interface id the parent assigned, into 1 MiB batches on stdout. Each batch starts with a 16-byte
 * header (src/capture/batch-framing.ts): magic "OVSB", payload bytes, packets, captured bytes
 * (all little-endian u32), so the parent appends the payload to its pcapng unchanged and never
 * looks at a single packet. stderr carries the child protocol (src/capture/child-protocol.ts):
 * {"ready":true,"linkType":N}, {"recv":..,"drop":..,"ifdrop":..,"final":false} once a second, a
 * final one after SIGINT/SIGTERM, or {"error":"..."} and exit 3 (bad arguments) or 4 (libpcap).
 * It stops when its parent dies (PR_SET_PDEATHSIG, and a once-a-second ppid check).
 *
 * Given an OUTPUT file instead of "-", it appends each batch's payload to that file itself, once
 * the parent (which wrote the section header and interface blocks) sends SIGUSR1, and says where
 * each landed on stderr: {"at":OFFSET,"bytes":..,"packets":..,"captured":..}. Until then it leaves
 * the frames in the kernel's ring. Several engines share one file safely: it is opened O_APPEND and
 * each batch is one write(), which POSIX makes land whole at the end of the file; a short write
 * (disk full) ends the engine (exit 4) rather than split a batch (docs/capture.md). SIGUSR2 pauses
 * reading the ring (the parent's spool is full: the kernel counts what it then drops), SIGUSR1
 * resumes; a stop always reads what the ring still holds.
 *
 * argv: IFACE SNAPLEN BUFFER_BYTES INTERFACE_ID PARENT_PID OWN_MACS FILTER OUTPUT
 *   OWN_MACS: the namespace's own Ethernet addresses, 12 hex digits each, comma separated, or "-":
 *   a frame from one is outbound, to one inbound (epb_flags), the rest unknown (no option);
 *   or "inbound" / "outbound": every frame has that direction (one side of an OVS mirror).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define BATCH_BYTES (1024 * 1024)
#define HEADER_BYTES 16
#define BATCH_MAGIC 0x4253564fu /* "OVSB" little-endian */
#define FLUSH_NS 100000000LL    /* a partly filled batch leaves within 100 ms */
#define DRAIN_NS 250000000LL    /* after the stop: let the last ring block retire */
#define MAX_MACS 64

static volatile sig_atomic_t stop_requested, output_allowed;
static const char *output_path; /* NULL: batches go to stdout with their headers */
static int output_fd = -1;
static pcap_t *handle;
static uint8_t *batch;
static size_t used = HEADER_BYTES;
static uint32_t batch_packets, batch_captured;
static uint32_t interface_id;
static uint64_t own_macs[MAX_MACS];
static int n_macs;
static uint32_t fixed_direction;

static void json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

static void fail(int status, const char *what, const char *detail) {
  fputs("{\"error\":", stderr);
  char msg[1024];
  snprintf(msg, sizeof msg, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
  json_string(stderr, msg);
  fputs("}\n", stderr);
  fflush(stderr);
  exit(status);
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

/* The payload as one O_APPEND write() (whole at the file's end), then where it landed. */
static void append_batch(void) {
  size_t bytes = used - HEADER_BYTES;
  ssize_t n;
  do n = write(output_fd, batch + HEADER_BYTES, bytes);
  while (n < 0 && errno == EINTR);
  if (n != (ssize_t)bytes) fail(4, output_path, n < 0 ? strerror(errno) : "short write (disk full?)");
  off_t end = lseek(output_fd, 0, SEEK_CUR);
  fprintf(stderr, "{\"at\":%lld,\"bytes\":%zu,\"packets\":%u,\"captured\":%u}\n", (long long)end - (long long)bytes, bytes, batch_packets, batch_captured);
  fflush(stderr);
  used = HEADER_BYTES;
  batch_packets = batch_captured = 0;
}

/* One blocking write of the batch; a reader gone (EPIPE) means the capture has no one to serve. */
static void flush_batch(void) {
  if (batch_packets == 0) return;
  if (output_path) {
    append_batch();
    return;
  }
  put32(batch, BATCH_MAGIC);
  put32(batch + 4, (uint32_t)(used - HEADER_BYTES));
  put32(batch + 8, batch_packets);
  put32(batch + 12, batch_captured);
  for (size_t at = 0; at < used;) {
    ssize_t n = write(STDOUT_FILENO, batch + at, used - at);
    if (n < 0) {
      if (errno == EINTR) continue;
      exit(0);
    }
    at += (size_t)n;
  }
  used = HEADER_BYTES;
  batch_packets = batch_captured = 0;
}

static uint64_t mac_at(const uint8_t *p) {
  return ((uint64_t)p[0] << 40) | ((uint64_t)p[1] << 32) | ((uint64_t)p[2] << 24) | ((uint64_t)p[3] << 16) | ((uint64_t)p[4] << 8) | p[5];
}

static int is_own(uint64_t mac) {
  for (int i = 0; i < n_macs; i++)
    if (own_macs[i] == mac) return 1;
  return 0;
}

/* epb_flags direction bits, as src/capture/direction.ts decides them: 2 outbound, 1 inbound, 0 unknown. */
static uint32_t direction(const uint8_t *frame, uint32_t caplen) {
  if (fixed_direction) return fixed_direction;
  if (n_macs == 0 || caplen < 12) return 0;
  if (is_own(mac_at(frame + 6))) return 2;
  return is_own(mac_at(frame)) ? 1 : 0;
}

/* Appends one EPB laid out as src/pcap/pcapng-writer.ts writes it, options only when a direction is known. */
static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes) {
  (void)user;
  uint32_t caplen = h->caplen;
  uint32_t padded = (caplen + 3u) & ~3u;
  uint32_t flags = direction(bytes, caplen);
  uint32_t total = 12 + 20 + padded + (flags ? 12 : 0);
  if (used + total > BATCH_BYTES) flush_batch();
  if (used + total > BATCH_BYTES) return; /* cannot happen: snaplen is at most 256 KiB */
  uint8_t *p = batch + used;
  /* With nanosecond precision, libpcap's tv_usec holds nanoseconds. */
  uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000ull + (uint64_t)h->ts.tv_usec;
  put32(p, 6);
  put32(p + 4, total);
  put32(p + 8, interface_id);
  put32(p + 12, (uint32_t)(ts >> 32));
  put32(p + 16, (uint32_t)ts);
  put32(p + 20, caplen);
  put32(p + 24, h->len > caplen ? h->len : caplen);
  memcpy(p + 28, bytes, caplen);
  memset(p + 28 + caplen, 0, padded - caplen);
  uint8_t *o = p + 28 + padded;
  if (flags) {
    put32(o, 2 | (4u << 16)); /* epb_flags, 4 bytes */
    put32(o + 4, flags);
    put32(o + 8, 0); /* opt_endofopt */
    o += 12;
  }
  put32(o, total);
  used += total;
  batch_packets++;
  batch_captured += caplen;
}

static void print_stats(int final) {
  struct pcap_stat s;
  memset(&s, 0, sizeof s);
  if (pcap_stats(handle, &s) != 0) return;
  fprintf(stderr, "{\"recv\":%u,\"drop\":%u,\"ifdrop\":%u,\"final\":%s}\n", s.ps_recv, s.ps_drop, s.ps_ifdrop, final ? "true" : "false");
  fflush(stderr);
}

static void on_signal(int sig) {
  if (sig == SIGUSR1) output_allowed = 1;
  else if (sig == SIGUSR2) output_allowed = 0;
  else stop_requested = 1;
}

static void parse_macs(const char *arg) {
  if (strcmp(arg, "-") == 0) return;
  if (strcmp(arg, "inbound") == 0 || strcmp(arg, "outbound") == 0) {
    fixed_direction = arg[0] == 'i' ? 1 : 2;
    return;
  }
  for (const char *p = arg; *p;) {
    char *end;
    unsigned long long v = strtoull(p, &end, 16);
    if (end - p != 12 || n_macs == MAX_MACS) fail(3, "bad own address list", arg);
    own_macs[n_macs++] = v;
    p = *end == ',' ? end + 1 : end;
    if (*end != ',' && *end != '\0') fail(3, "bad own address list", arg);
  }
}

static long number(const char *arg, const char *name) {
  char *end;
  long v = strtol(arg, &end, 10);
  if (*arg == '\0' || *end != '\0' || v < 0) fail(3, name, arg);
  return v;
}

/* LINKTYPE_ numbers for the DLT_ values that differ from them (libpcap's dlt_to_linktype). */
static int link_type(int dlt) {
  switch (dlt) {
  case DLT_RAW:
    return 101;
#ifdef DLT_FR
  case DLT_FR:
    return 107;
#endif
  default:
    return dlt;
  }
}

int main(int argc, char **argv) {
  if (argc != 9) fail(3, "usage", "ovsf-capture IFACE SNAPLEN BUFFER_BYTES INTERFACE_ID PARENT_PID OWN_MACS FILTER OUTPUT");
  const char *iface = argv[1];
  int snaplen = (int)number(argv[2], "bad snap length");
  int buffer = (int)number(argv[3], "bad buffer size");
  interface_id = (uint32_t)number(argv[4], "bad interface id");
  pid_t parent = (pid_t)number(argv[5], "bad parent pid");
  parse_macs(argv[6]);
  const char *filter = argv[7];
  if (strcmp(argv[8], "-") != 0) output_path = argv[8];
  else output_allowed = 1;

  /* The parent killed (even by SIGKILL): stop as after SIGTERM. */
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) return 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns at once */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  batch = malloc(BATCH_BYTES);
  if (!batch) fail(3, "out of memory", NULL);
  char err[PCAP_ERRBUF_SIZE] = "";
  handle = pcap_create(iface, err);
  if (!handle) fail(4, iface, err);
  pcap_set_snaplen(handle, snaplen);
  pcap_set_promisc(handle, 1);
  if (buffer > 0) pcap_set_buffer_size(handle, buffer);
  /* TPACKET_V3 hands a ring block over when full or this old (ms): the same as tcpdump's default. */
  pcap_set_timeout(handle, 100);
  pcap_set_tstamp_precision(handle, PCAP_TSTAMP_PRECISION_NANO);
  int rc = pcap_activate(handle);
  if (rc < 0) fail(4, iface, rc == PCAP_ERROR ? pcap_geterr(handle) : pcap_statustostr(rc));
  if (pcap_get_tstamp_precision(handle) != PCAP_TSTAMP_PRECISION_NANO) fail(4, iface, "no nanosecond timestamps");
  struct bpf_program prog;
  if (pcap_compile(handle, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) fail(4, "filter", pcap_geterr(handle));
  if (pcap_setfilter(handle, &prog) != 0) fail(4, "filter", pcap_geterr(handle));
  pcap_freecode(&prog);
  /* Our own poll, not libpcap's: with TPACKET_V3 it waits for a ring block without end when no
     frame comes, and a stop must not wait for traffic. */
  if (pcap_setnonblock(handle, 1, err) != 0) fail(4, iface, err);
  struct pollfd ring = {.fd = pcap_get_selectable_fd(handle), .events = POLLIN};
  if (ring.fd < 0) fail(4, iface, "no selectable descriptor");

  fprintf(stderr, "{\"ready\":true,\"linkType\":%d}\n", link_type(pcap_datalink(handle)));
  fflush(stderr);

  int64_t last_flush = now_ns(), last_tick = last_flush, stop_at = 0;
  for (;;) {
    /* Not yet allowed to write: sleep until the signal rather than spin on a readable ring. */
    if (poll(&ring, output_allowed ? 1 : 0, 100) < 0 && errno != EINTR) fail(4, iface, strerror(errno));
    if (output_allowed && output_fd < 0 && output_path) {
      output_fd = open(output_path, O_WRONLY | O_APPEND | O_CLOEXEC);
      if (output_fd < 0) fail(4, output_path, strerror(errno));
    }
    if (output_allowed && pcap_dispatch(handle, -1, on_packet, NULL) == PCAP_ERROR) fail(4, iface, pcap_geterr(handle));
    int64_t t = now_ns();
    if (stop_requested && stop_at == 0) {
      stop_at = t + DRAIN_NS;
      /* Paused by a full spool: what the ring holds is still read and written. */
      if (output_fd >= 0) output_allowed = 1;
    }
    if (stop_at != 0 && t >= stop_at) break;
    if (t - last_flush >= FLUSH_NS) {
      flush_batch();
      last_flush = t;
    }
    if (t - last_tick >= 1000000000LL) {
      last_tick = t;
      /* Orphaned before the death signal was armed: stop rather than capture for no one. */
      if (getppid() != parent) stop_requested = 1;
      else print_stats(0);
    }
  }
  if (output_allowed) flush_batch();
  print_stats(1);
  pcap_close(handle);
  return 0;
}
