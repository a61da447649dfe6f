"""A loopback HTTP server that records when each request arrives, for time-to-first-request.

Usage: /usr/bin/python3 first_request.py
Prints "listening PORT", then, for every request, "request EPOCH_SECONDS" (the wall clock at the
moment its first bytes were read) and answers 200 with a short body. Serves until stdin closes.
"""
import socket
import sys
import threading
import time


def serve(listener):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=answer, args=(conn,), daemon=True).start()


def answer(conn):
    with conn:
        data = conn.recv(65536)
        if not data:
            return
        print('request {:.6f}'.format(time.time()), flush=True)
        while b'\r\n\r\n' not in data:
            more = conn.recv(65536)
            if not more:
                return
            data += more
        conn.sendall(b'HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-type: text/plain\r\n'
                     b'connection: close\r\n\r\nok\n')


def main():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', 0))
    listener.listen(128)
    print('listening {}'.format(listener.getsockname()[1]), flush=True)
    threading.Thread(target=serve, args=(listener,), daemon=True).start()
    sys.stdin.read()


if __name__ == '__main__':
    main()
