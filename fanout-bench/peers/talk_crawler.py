"""The talk's Hacker News comment crawler (slides In [55]-[60]), as a benchmark peer.

Source: "Asyncio for the Working Python Developer", Yeray Diaz, London Python 2017.
Changed only where aiohttp 3.8 / async-timeout 4 require it, and to point at the replica:
  - `with async_timeout.timeout(...)` became `async with` (async-timeout 4 has no sync form);
  - `aiohttp.ClientSession(loop=loop)` became `aiohttp.ClientSession()` (created inside the loop);
  - URL_TEMPLATE takes the API base from the command line.
Everything else — a new session per fetch, unbounded fan-out, no retries — is the talk's own.

Usage: /usr/bin/python3 talk_crawler.py API_BASE ITEM_ID
"""
import asyncio
import sys
import time

import aiohttp
import async_timeout

API = sys.argv[1].rstrip('/')
URL_TEMPLATE = API + "/item/{}.json"
FETCH_TIMEOUT = 10


class URLFetcher():
    """Provides counting of URL fetches for a particular task."""

    def __init__(self):
        self.fetch_counter = 0

    async def fetch(self, url, session=None):
        """Fetch a URL using aiohttp returning parsed JSON response."""
        session = aiohttp.ClientSession() if session is None else session
        async with session:
            async with async_timeout.timeout(FETCH_TIMEOUT):
                self.fetch_counter += 1
                async with session.get(url) as response:
                    return await response.json()


async def post_number_of_comments(post_id, fetcher=None):
    url = URL_TEMPLATE.format(post_id)
    fetcher = URLFetcher() if fetcher is None else fetcher
    response = await fetcher.fetch(url)

    if response is None or 'kids' not in response:
        return 0

    number_of_comments = len(response['kids'])

    tasks = [post_number_of_comments(
        kid_id, fetcher) for kid_id in response['kids']]

    results = await asyncio.gather(*tasks)

    number_of_comments += sum(results)
    return number_of_comments


def main():
    post_id = int(sys.argv[2])
    loop = asyncio.new_event_loop()
    start = time.time()
    fetcher = URLFetcher()
    comments = loop.run_until_complete(post_number_of_comments(post_id, fetcher))
    print('{} comments, fetches: {}'.format(comments, fetcher.fetch_counter))
    print('Gathering comments took: {:.3f} seconds'.format(time.time() - start))


if __name__ == '__main__':
    main()
