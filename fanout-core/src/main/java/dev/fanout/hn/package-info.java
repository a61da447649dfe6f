/**
 * The Hacker News API client and the comment crawler: items as records, a client that fetches them,
 * and a crawler that walks an item's tree following {@code kids} and counts what it finds.
 *
 * <p>The API: {@link dev.fanout.hn.Item} (every field; {@link dev.fanout.hn.Item#fromJson} parses
 * one body), {@link dev.fanout.hn.HnClient} ({@code HnClient.create(api, options)}, owning its
 * fetcher; {@code item(id)} returns a sealed {@link dev.fanout.hn.ItemResponse}: {@code Found(item,
 * json, attempts)}, {@code Missing(id)}, {@code Failed(id, failure, attempts)}), {@link
 * dev.fanout.hn.CommentCrawler} ({@code crawl(id)}, {@code crawlAll(ids, sink)}, and {@code
 * walk(roots, source, sink)} for a caller that keeps the items, with an {@link
 * dev.fanout.hn.ItemSource} and an {@link dev.fanout.hn.ItemSink}; a {@link
 * dev.fanout.hn.CrawlListener} sees every answer) and its {@link dev.fanout.hn.CrawlResult}. {@link
 * dev.fanout.hn.HnText} turns the API's HTML into text. Everything else here is package-private.
 */
package dev.fanout.hn;
