"""A tuned asyncio + aiohttp comment crawler: the strongest thing a Python user would write.

Versus the talk's code: one shared ClientSession with a bounded connector (connection reuse),
each id fetched once (a `seen` set ends cycles and repeated ids), a semaphore bounding requests in
flight, and the same counting rule (len(kids) summed over every item reached).

Usage: /usr/bin/python3 tuned_crawler.py API_BASE ITEM_ID [CONCURRENCY]
"""
import asyncio
import sys
import time

import aiohttp

API = sys.argv[1].rstrip('/')
CONCURRENCY = int(sys.argv[3]) if len(sys.argv) > 3 else 256


async def crawl(root):
    connector = aiohttp.TCPConnector(limit=CONCURRENCY, ttl_dns_cache=300)
    timeout = aiohttp.ClientTimeout(total=10)
    seen = set()
    fetches = 0
    semaphore = asyncio.Semaphore(CONCURRENCY)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        async def count(item_id):
            nonlocal fetches
            if item_id in seen:
                return 0
            seen.add(item_id)
            async with semaphore:
                fetches += 1
                async with session.get('{}/item/{}.json'.format(API, item_id)) as response:
                    item = await response.json()
            if not item or 'kids' not in item:
                return 0
            kids = item['kids']
            return len(kids) + sum(await asyncio.gather(*(count(k) for k in kids)))

        comments = await count(root)
    return comments, fetches


def main():
    start = time.time()
    comments, fetches = asyncio.run(crawl(int(sys.argv[2])))
    print('{} comments, fetches: {}'.format(comments, fetches))
    print('Gathering comments took: {:.3f} seconds'.format(time.time() - start))


if __name__ == '__main__':
    main()
