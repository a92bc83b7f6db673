"""
A mail server that accepts everything and keeps nothing but a count: one line per
message in the file given (`make loadtest` stops and starts it to play a mail outage).

    python bench/mailsink.py PORT FILE
"""

import asyncio
import sys


async def session(reader, writer, log) -> None:
    def reply(line: str) -> None:
        writer.write(f"{line}\r\n".encode())

    reply("220 sink ESMTP")
    recipients = 0
    while line := await reader.readline():
        command = line.decode(errors="replace").strip().upper()
        if command.startswith("EHLO"):
            reply("250-sink")
            reply("250 8BITMIME")
        elif command.startswith("RCPT"):
            recipients += 1
            reply("250 OK")
        elif command == "DATA":
            reply("354 End with <CRLF>.<CRLF>")
            await writer.drain()
            while (await reader.readline()) not in (b".\r\n", b""):
                pass
            log.write(f"{recipients}\n")
            log.flush()
            recipients = 0
            reply("250 OK queued")
        elif command == "QUIT":
            reply("221 Bye")
            await writer.drain()
            break
        else:  # HELO, MAIL, RSET, NOOP
            reply("250 OK")
        await writer.drain()
    writer.close()


async def main(port: int, path: str) -> None:
    with open(path, "a") as log:
        server = await asyncio.start_server(lambda r, w: session(r, w, log), "127.0.0.1", port)
        async with server:
            await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
