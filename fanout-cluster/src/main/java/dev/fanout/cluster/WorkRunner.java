package dev.fanout.cluster;

/**
 * Does one work record and says what came of it. The worker's engine ({@link Engine}) is the one
 * implementation outside tests.
 *
 * <p>Threading: called by the worker's taking threads, several records at once (as many as the
 * worker holds, {@code worker --records}), so an implementation is thread-safe; the engine fans
 * each record's requests out on virtual threads itself, all within its one {@code -c}.
 */
interface WorkRunner extends AutoCloseable {
  /**
   * Runs {@code work}. Failures of single ids or URLs are part of the result; an exception means
   * the record could not be done at all this time, and the worker releases it for redelivery.
   *
   * @param worker the worker's name, for the result
   * @param delivery the record's delivery count, for the result
   * @throws InterruptedException if the worker is being stopped
   */
  Wire.Result run(Wire.Work work, String worker, int delivery) throws Exception;

  @Override
  void close();
}
