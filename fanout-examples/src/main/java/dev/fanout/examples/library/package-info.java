/**
 * The examples of docs/library.md: fanout as a library, each compiled here and run by
 * DocExamplesTest, which checks that the doc shows their source and their output.
 */
package dev.fanout.examples.library;
