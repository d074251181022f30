"""A deliberately misbehaving Hadir server, for tests/integration.sh.

usage: python3 fakepeer.py MODE PORTFILE LOGFILE

Listens on 127.0.0.1 (an ephemeral port, written to PORTFILE), and answers every
connection according to MODE:

  huge     Hello, then a length prefix of 0x7fffffff and nothing more
  garbage  Hello, then a 3-byte frame that is not a Frame
  http     "HTTP/1.1 400 Bad Request" instead of a Hello
  version  a Hello for protocol version 2
  close    Hello; after the request, half a length prefix, then close
  goaway   Hello; after the request, GoAway PROTOCOL_ERROR "fake peer gives up"
  silent   Hello, then never answers; logs "cancel" when the client sends Cancel
  field    Hello; after the request, Trailer INVALID_ARGUMENT with hadir-field "code"
  ping     Hello; after the request, a Ping that must be answered with its Pong before
           the response comes, one byte at a time
  shutdown Hello; after the request, GoAway SHUTDOWN, then the response all the same
  hostile  Hello; after the request, text that would take over a terminal: ESC and OSC 52
           sequences, C1 controls, DEL, bidi overrides, U+2028, invalid UTF-8; in a
           CheckIn response, a Find response, or (for a code starting with "REFUSE") the
           Trailer's message and hadir-field
  metadata Hello; after the request, a CheckIn response whose message is the metadata of
           the RequestHead, in order: "key=value; key=value"
"""
import os, socket, struct, sys, time


def varint(n):
    out = b""
    while True:
        b, n = n & 0x7F, n >> 7
        if not n:
            return out + bytes([b])
        out += bytes([b | 0x80])


def field(num, value):
    if isinstance(value, int):
        return varint(num << 3) + varint(value)
    if isinstance(value, str):
        value = value.encode()
    return varint(num << 3 | 2) + varint(len(value)) + value


def frame(stream, body_num, body=b""):
    payload = (field(1, stream) if stream else b"") + field(body_num, body)
    return struct.pack(">I", len(payload)) + payload


def fields(data):
    """Top-level fields of a message, in order: [(number, value)], varints and LEN
    fields only."""
    out, i = [], 0
    while i < len(data):
        key, i = read_varint(data, i)
        if key & 7 == 0:
            value, i = read_varint(data, i)
        else:
            n, i = read_varint(data, i)
            value, i = data[i:i + n], i + n
        out.append((key >> 3, value))
    return out


def parse(data):
    """Top-level fields of a message: {number: value}, the last of repeated ones."""
    return dict(fields(data))


def read_varint(data, i):
    n = shift = 0
    while True:
        b = data[i]
        n, shift, i = n | (b & 0x7F) << shift, shift + 7, i + 1
        if b < 0x80:
            return n, i


def read_frame(conn):
    head = recv_exactly(conn, 4)
    return parse(recv_exactly(conn, struct.unpack(">I", head)[0]))


def recv_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def serve(mode, conn, log):
    hello = frame(0, 2, field(1, 2 if mode == "version" else 1) + field(2, "fakepeer/1")
                  + field(3, 4194304))
    if mode == "http":
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        time.sleep(1)
        return
    conn.sendall(hello)
    if mode == "huge":
        conn.sendall(b"\x7f\xff\xff\xff")
    elif mode == "garbage":
        conn.sendall(b"\x00\x00\x00\x03\xff\xff\xff")
    if mode in ("huge", "garbage", "version"):
        time.sleep(1)
        return
    stream, method, request, metadata = 0, b"", {}, []
    while True:  # Hello, RequestHead, Message, HalfClose
        f = read_frame(conn)
        stream = f.get(1, stream)
        if 3 in f:
            method = parse(f[3]).get(1, b"")
            metadata = [parse(v) for n, v in fields(f[3]) if n == 2]
        if 4 in f:
            request = parse(parse(f[4]).get(1, b""))
        if 5 in f:
            break
    if mode == "close":
        conn.sendall(b"\x00\x00")
    elif mode == "goaway":
        conn.sendall(frame(0, 11, field(1, 1) + field(2, "fake peer gives up")))
    elif mode == "silent":
        while True:
            if 8 in read_frame(conn):
                log.write("cancel\n")
                log.flush()
    elif mode == "field":
        md = field(1, "hadir-field") + field(2, "code")
        conn.sendall(frame(stream, 7, field(1, 3) + field(2, "fake refusal") + field(3, md)))
    elif mode in ("ping", "shutdown"):
        if mode == "ping":
            conn.sendall(frame(0, 9, field(1, 4242)))
            while parse(read_frame(conn).get(10, b"\x08\x00")).get(1) != 4242:
                pass
        else:
            conn.sendall(frame(0, 11, field(2, "shutting down")))
        person = field(1, "Fake Person") + field(2, "Fake Org")
        resp = field(1, 1) + field(2, mode + " ok") + field(3, field(1, "AAA-AAAA") + field(3, person))
        for b in frame(stream, 6) + frame(stream, 4, field(1, resp)) + frame(stream, 7):
            conn.sendall(bytes([b]))
            time.sleep(0.001 if mode == "ping" else 0)
    elif mode == "hostile":
        conn.sendall(hostile(stream, method, request))
    elif mode == "metadata":
        said = b"; ".join(e.get(1, b"") + b"=" + e.get(2, b"") for e in metadata)
        person = field(1, "Fake Person") + field(2, "Fake Org")
        resp = field(1, 1) + field(2, said) + field(3, field(1, "AAA-AAAA") + field(3, person))
        conn.sendall(frame(stream, 6) + frame(stream, 4, field(1, resp)) + frame(stream, 7))
    time.sleep(0.5)


# Each one a trick: OSC 52 (writes the clipboard), CSI clear screen and blink, C1 CSI and
# OSC, DEL, the right-to-left override and an isolate, U+2028, Latin-1, cut-short UTF-8.
EVIL_NAME = b"Evil\x1b]52;c;cm0gLXJmIH4K\x07 \xe2\x80\xaeName\xe2\x81\xa6"
EVIL_ORG = b"Org\xc2\x9b31m\x7f\xe9"
EVIL_MESSAGE = b"in\x1b[2J\xe2\x80\xa8ok\xe2\x80"


def hostile(stream, method, request):
    """The answer to a call in mode hostile: a Find or CheckIn response full of tricks,
    or, for a code starting with REFUSE, a refusal with tricks in its message and field."""
    person = field(1, EVIL_NAME) + field(2, EVIL_ORG)
    registration = field(1, b"K7M\x1b[5m") + field(3, person) + field(4, 1)
    if method.endswith(b"/Find"):
        resp = field(1, field(1, registration) + field(2, 1))
    elif request.get(2, b"").startswith(b"REFUSE"):
        md = field(1, "hadir-field") + field(2, b"co\x1b]0;x\x07de")
        trailer = field(1, 3) + field(2, b"refused\x1b]0;pwned\x07\xc2\x9d") + field(3, md)
        return frame(stream, 6) + frame(stream, 7, trailer)
    else:
        resp = field(1, 1) + field(2, EVIL_MESSAGE) + field(3, registration)
    return frame(stream, 6) + frame(stream, 4, field(1, resp)) + frame(stream, 7)


def main():
    mode, portfile, logfile = sys.argv[1:4]
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    with open(logfile, "a") as log:
        while True:
            conn, _ = srv.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                serve(mode, conn, log)
            except (EOFError, OSError):
                pass
            conn.close()


if __name__ == "__main__":
    main()
