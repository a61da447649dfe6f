/** Not API: shared plumbing of the fanout library. Anything here may change without notice. */
package dev.fanout.internal;
