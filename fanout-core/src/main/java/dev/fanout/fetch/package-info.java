/**
 * Fetching many URLs at once: the talk's strategies (sequential, gather, as-completed, ordered,
 * threads) over one shared client, each URL (a GET) or {@link dev.fanout.fetch.Request} ending in a
 * {@link dev.fanout.fetch.FetchResult}; a batch runs as its {@link dev.fanout.fetch.BatchOptions}
 * say and ends in a {@link dev.fanout.fetch.BatchResult}.
 */
package dev.fanout.fetch;
