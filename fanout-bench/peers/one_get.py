"""The smallest aiohttp program: one GET, for time-to-first-request against fanout's.

Usage: /usr/bin/python3 one_get.py URL
"""
import asyncio
import sys

import aiohttp


async def main():
    async with aiohttp.ClientSession() as session:
        async with session.get(sys.argv[1]) as response:
            print(response.status, await response.text(), end='')


if __name__ == '__main__':
    asyncio.run(main())
