/**
 * The Hacker News API client and the comment crawler: items as records, a client that fetches them,
 * and a crawler that walks an item's tree following {@code kids} and counts what it finds.
 */
package dev.fanout.hn;
