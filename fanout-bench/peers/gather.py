"""The talk's first program at scale, as a benchmark peer: one aiohttp ClientSession, every URL
fetched at once with asyncio.gather (no limit below the number of URLs).

Usage: /usr/bin/python3 gather.py URL COUNT
Prints how many answered 200 and how long the gather itself took.
"""
import asyncio
import sys
import time

import aiohttp

URL = sys.argv[1]
COUNT = int(sys.argv[2])


async def main():
    connector = aiohttp.TCPConnector(limit=COUNT)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def fetch(url):
            async with session.get(url) as response:
                await response.read()
                return response.status

        start = time.time()
        statuses = await asyncio.gather(*(fetch(URL) for _ in range(COUNT)), return_exceptions=True)
        took = time.time() - start
    print('{} of {} OK'.format(sum(1 for s in statuses if s == 200), COUNT))
    print('Fetching all results took {:.3f} seconds'.format(took))


if __name__ == '__main__':
    asyncio.run(main())
