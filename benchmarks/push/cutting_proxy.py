#!/usr/bin/env python3
"""A TCP proxy for the push benchmark's resume step: forwards 127.0.0.1:<its port> to 127.0.0.1:TARGET, counts the
bytes sent upstream, and drops every open connection once, when that count reaches CUT. Prints its port on the first
line; on SIGTERM writes {"upstream": bytes, "cutAt": bytes or null} to STATS and exits.

    cutting_proxy.py TARGET_PORT CUT_BYTES STATS_FILE
"""
import asyncio
import json
import signal
import sys

target, cut, stats_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
upstream = 0
cut_at = None
open_writers = set()


async def pipe(reader, writer, count):
    global upstream, cut_at
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if count and cut_at is None and upstream + len(data) >= cut:
                keep = cut - upstream
                writer.write(data[:keep])
                await writer.drain()
                upstream += keep
                cut_at = upstream
                for w in list(open_writers):
                    w.transport.abort()
                return
            writer.write(data)
            await writer.drain()
            if count:
                upstream += len(data)
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer):
    server_reader, server_writer = await asyncio.open_connection('127.0.0.1', target)
    open_writers.update({client_writer, server_writer})
    await asyncio.gather(pipe(client_reader, server_writer, True), pipe(server_reader, client_writer, False))
    open_writers.difference_update({client_writer, server_writer})


async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    with open(stats_file, 'w') as out:
        json.dump({'upstream': upstream, 'cutAt': cut_at}, out)


asyncio.run(main())
