/**
 * Fetching many URLs at once: the talk's strategies (sequential, gather, as-completed, ordered,
 * threads) over one shared client, each URL ending in a {@link dev.fanout.fetch.FetchResult}.
 */
package dev.fanout.fetch;
