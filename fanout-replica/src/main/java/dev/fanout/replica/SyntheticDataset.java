package dev.fanout.replica;

import java.util.List;
import java.util.Optional;

/** Placeholder until the generator lands: an empty world. */
final class SyntheticDataset implements Dataset {
  static final long DEFAULT_SIZE = 1_000_000;

  static Dataset create(long seed, long size) {
    return new SyntheticDataset();
  }

  @Override
  public Optional<byte[]> item(long id) {
    return Optional.empty();
  }

  @Override
  public long maxItem() {
    return 0;
  }

  @Override
  public List<Long> list(String name) {
    return List.of();
  }

  @Override
  public Optional<byte[]> user(String id) {
    return Optional.empty();
  }
}
