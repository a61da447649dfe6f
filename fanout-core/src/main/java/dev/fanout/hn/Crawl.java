package dev.fanout.hn;

import dev.fanout.fetch.FailureKind;
import dev.fanout.fetch.FetchResult;
import dev.fanout.internal.Threads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One crawl of one root, or one walk of a forest of roots (see {@link CommentCrawler#walk}): {@link
 * #SENDERS} sending loops (the caller's thread and virtual threads started for the crawl) take
 * discovered ids off a work queue and send one request per id, after taking a slot of the {@link
 * AdaptiveLimit} and a permit of the shared budget. Whichever thread completes an answer records it
 * and queues the item's new kids under one lock, so the counts need no atomics and the queue, not
 * the stack, holds the tree: depth costs nothing but memory for the ids. Roots are taken from their
 * iterator only when no discovered id is waiting, so a long list of roots is read lazily.
 *
 * <p>A walk adds an {@link ItemSource}, consulted on the sending thread before an id is requested,
 * and an {@link ItemSink}, which gets each answer on a virtual thread of its own while the answer's
 * permit is held; a sink's or source's failure stops the walk and is rethrown by {@link #walk}.
 */
final class Crawl {
  private static final long NO_PARENT = -1;

  /**
   * Sending loops per crawl. Jetty writes a request the moment it is sent unless its connection is
   * already writing, in which case the request joins the next write; so one sending thread pays a
   * write (and over TLS a record's encryption) per request, while several share writes. Three was
   * the fastest count measured over TLS, more were no better, and h2c did not change (figures in
   * docs/decisions/0010-batched-writes.md, which a change of this value should re-measure).
   */
  static final int SENDERS = 3;

  private static final ThreadFactory SENDING = Threads.virtual("hn-send");
  private static final ThreadFactory SINKING = Threads.virtual("hn-sink");

  /** A discovered id waiting for its request; {@code root} is the root it was reached from. */
  private record Node(long id, long parent, long root, int depth, long seq) {}

  /**
   * Deepest first, then in the order found. A tree's crawl ends when its longest chain does, and
   * that chain's next item is always among the deepest found so far; a shallower item waiting a
   * little costs nothing unless it starts a chain longer than those already ahead of it. In one
   * depth, the order found keeps HN's rank order (parents in theirs, then each item's kids as
   * listed), and the top-ranked replies carry the biggest, deepest subtrees. A stack (the newest
   * first) is not enough: in a burst of answers, items found early sink under the kids of later
   * answers.
   */
  private static final Comparator<Node> DEEPEST_FIRST =
      Comparator.comparingInt(Node::depth).reversed().thenComparingLong(Node::seq);

  private final long rootId;
  private final Iterator<Long> roots;
  private final ItemSource source;
  private final ItemSink sink;
  private final HnClient client;
  private final Semaphore budget;
  private final AdaptiveLimit pace;
  private final CrawlListener listener;
  private final RealCommentCrawler owner;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Node> pending = new PriorityQueue<>(DEEPEST_FIRST);
  private long discovered;
  // Every id discovered, to the item that first listed it: dedup, and the ancestor walk for cycles.
  private final HashMap<Long, Long> parents = new HashMap<>();
  private int inFlight;
  // The requests in flight, to cancel them when the crawl is interrupted.
  private final HashMap<Node, CompletableFuture<ItemResponse>> calls = new HashMap<>();
  private volatile boolean cancelled;
  // Guarded by lock: set once the crawl is over or cancelled; the senders then stop taking ids.
  private boolean stopping;
  // Guarded by lock: the senders between taking an id and having sent its request (see stop).
  private final HashSet<Thread> sending = new HashSet<>();
  // Guarded by lock: the first failure of the source or the sink; the walk stops and rethrows it.
  private Throwable failure;

  private Item root;
  private boolean rootMissing;
  private long comments, fetches, requests, visible, deleted, dead, missing;
  private int depth;
  private final TreeSet<Long> failed = new TreeSet<>();
  private final List<CrawlResult.Anomaly> anomalies = new ArrayList<>();

  /** A crawl of {@code rootId}, for {@link #run}. */
  Crawl(
      long rootId,
      HnClient client,
      Semaphore budget,
      AdaptiveLimit pace,
      CrawlListener listener,
      RealCommentCrawler owner) {
    this(rootId, List.of(rootId).iterator(), null, null, client, budget, pace, listener, owner);
  }

  /** A walk of every root {@code roots} yields, for {@link #walk}. */
  Crawl(
      Iterator<Long> roots,
      ItemSource source,
      ItemSink sink,
      HnClient client,
      Semaphore budget,
      AdaptiveLimit pace,
      CrawlListener listener,
      RealCommentCrawler owner) {
    this(NO_PARENT, roots, source, sink, client, budget, pace, listener, owner);
  }

  private Crawl(
      long rootId,
      Iterator<Long> roots,
      ItemSource source,
      ItemSink sink,
      HnClient client,
      Semaphore budget,
      AdaptiveLimit pace,
      CrawlListener listener,
      RealCommentCrawler owner) {
    this.rootId = rootId;
    this.roots = roots;
    this.source = source;
    this.sink = sink;
    this.client = client;
    this.budget = budget;
    this.pace = pace;
    this.listener = listener;
    this.owner = owner;
  }

  CrawlResult run() {
    long start = System.nanoTime();
    boolean interrupted = execute();
    lock.lock();
    try {
      return CrawlResult.builder(rootId)
          .root(root)
          .rootMissing(rootMissing)
          .comments(comments)
          .fetches(fetches)
          .requests(requests)
          .visible(visible)
          .deleted(deleted)
          .dead(dead)
          .missing(missing)
          .depth(depth)
          .descendants(root == null ? null : root.descendants())
          .failed(List.copyOf(failed))
          .anomalies(anomalies)
          .elapsed(Duration.ofNanos(System.nanoTime() - start))
          .interrupted(interrupted)
          .build();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Walks until every root and every id discovered under them is answered and sunk.
   *
   * @throws InterruptedException if interrupted: requests in flight are cancelled and their answers
   *     not sunk; returns only after every sink call has ended
   * @throws RuntimeException the first exception of the source or the sink, as thrown, once every
   *     other sink call has ended
   */
  void walk() throws InterruptedException {
    boolean interrupted = execute();
    awaitQuiet();
    Throwable failed;
    lock.lock();
    try {
      failed = failure;
    } finally {
      lock.unlock();
    }
    switch (failed) {
      case null -> {}
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IllegalStateException(failed);
    }
    if (interrupted) {
      Thread.interrupted();
      throw new InterruptedException("walk interrupted");
    }
  }

  /**
   * Sends until the crawl is over or interrupted (true: the flag is left set and the requests in
   * flight are cancelled), then ends the helpers.
   */
  private boolean execute() {
    boolean interrupted = false;
    List<Thread> helpers = new ArrayList<>();
    try {
      for (int i = 1; i < SENDERS; i++) {
        helpers.add(SENDING.newThread(this::sendUntilStopped));
        helpers.getLast().start();
      }
      send();
    } catch (InterruptedException e) {
      interrupted = true;
      cancelAll();
    } finally {
      // An interrupt that comes while the helpers end is passed on, but does not make a finished
      // crawl's counts look partial.
      if (stop(helpers) || interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return interrupted;
  }

  /** Waits, uninterruptibly, until no request is in flight and no sink call runs. */
  private void awaitQuiet() {
    boolean interrupted = false;
    lock.lock();
    try {
      while (inFlight > 0) {
        try {
          changed.await();
        } catch (InterruptedException e) {
          interrupted = true; // cancelled requests and sink calls end promptly: finish waiting
        }
      }
    } finally {
      lock.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One sending loop, until the crawl is over. The next id is chosen once a permit is held, not
   * before: while a sender waits for one, answers keep queueing kids, and the one sent must be the
   * best of them at that moment.
   */
  private void send() throws InterruptedException {
    while (awaitPending()) {
      pace.acquire();
      try {
        budget.acquire();
      } catch (InterruptedException e) {
        pace.release(-1);
        throw e;
      }
      Node next = take();
      if (next == null) { // another sender took the last one meanwhile
        budget.release();
        pace.release(-1);
        continue;
      }
      owner.inFlight.incrementAndGet();
      start(next);
    }
  }

  private void sendUntilStopped() {
    try {
      send();
    } catch (InterruptedException e) {
      // Only stop() interrupts a helper: the crawl is over or cancelled, and the caller counts.
    }
  }

  /**
   * Ends the helpers and waits for them; true if the caller was interrupted meanwhile. A helper may
   * still wait for a permit of a budget shared with other crawls, so the waiting ones are
   * interrupted; one inside a send is not, because an interrupted thread that writes to a socket
   * closes it (NIO channels are interruptible), and the connection serves other crawls. It sees
   * {@code stopping} when its send returns.
   */
  private boolean stop(List<Thread> helpers) {
    lock.lock();
    try {
      stopping = true;
      for (Thread helper : helpers) {
        if (!sending.contains(helper)) {
          helper.interrupt();
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    for (Thread helper : helpers) {
      while (true) {
        try {
          helper.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the helpers end promptly once stopped: finish waiting
        }
      }
    }
    return interrupted;
  }

  /**
   * Waits until an id is queued (true) or nothing is queued, in flight or left among the roots: the
   * crawl is over (false).
   */
  private boolean awaitPending() throws InterruptedException {
    lock.lock();
    try {
      while (!stopping && pending.isEmpty() && !nextRoot() && inFlight > 0) {
        changed.await();
      }
      if (stopping) {
        return false;
      }
      if (pending.size() > 1) {
        changed.signal(); // more than this sender can take: wake another
      }
      return !pending.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues the next root not reached yet (true), or finds none left (false). Called with the lock
   * held, which also guards the iterator.
   */
  private boolean nextRoot() {
    try {
      while (roots.hasNext()) {
        long id = roots.next();
        if (id < 0) {
          throw new IllegalArgumentException("id < 0: " + id);
        }
        if (parents.putIfAbsent(id, NO_PARENT) == null) {
          pending.add(new Node(id, NO_PARENT, id, 0, discovered++));
          return true;
        }
      }
    } catch (RuntimeException e) {
      // A bad root (or a failing iterator) ends the walk like a failing sink: no more is sent, the
      // answers in flight are not counted, and walk rethrows it.
      if (failure == null) {
        failure = e;
      }
      stopping = true;
      cancelled = true;
      changed.signalAll();
    }
    return false;
  }

  /** The best queued id, or null if another sender took the last or the crawl is stopping. */
  private Node take() {
    lock.lock();
    try {
      if (pending.isEmpty() || stopping) {
        return null;
      }
      inFlight++;
      sending.add(Thread.currentThread());
      return pending.remove();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends the node's request; its answer is recorded by whichever thread completes it (usually the
   * HTTP client's, with no thread of ours started or woken), so the senders only ever send.
   */
  private void start(Node node) {
    if (source != null && serve(node)) {
      return;
    }
    long sent = System.nanoTime();
    CompletableFuture<ItemResponse> answer;
    try {
      answer = client.itemAsync(node.id());
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    boolean cancel;
    lock.lock();
    try {
      calls.put(node, answer);
      sending.remove(Thread.currentThread());
      cancel = cancelled; // cancelAll ran while this was being sent: it did not see this call
    } finally {
      lock.unlock();
    }
    if (cancel) {
      answer.cancel(false);
    }
    answer.whenComplete(
        (response, error) -> answered(node, response, error, System.nanoTime() - sent, false));
  }

  /** Asks the source for the node's item: true if it answered (or failed), so none is sent. */
  private boolean serve(Node node) {
    ItemResponse served = null;
    Throwable failed = null;
    try {
      served = source.find(node.id()).orElse(null);
      if (served != null && served.id() != node.id()) {
        throw new IllegalStateException(
            "the item source answered item " + served.id() + " for item " + node.id());
      }
    } catch (RuntimeException | Error e) {
      failed = e;
    }
    if (served == null && failed == null) {
      return false;
    }
    lock.lock();
    try {
      sending.remove(Thread.currentThread());
    } finally {
      lock.unlock();
    }
    if (failed != null) {
      fail(failed);
    }
    answered(node, served, null, -1, true);
    return true;
  }

  /** The source or the sink failed: the walk stops as if interrupted, and rethrows it. */
  private void fail(Throwable e) {
    lock.lock();
    try {
      if (failure == null) {
        failure = e;
      }
      stopping = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    cancelAll();
  }

  private void answered(Node node, ItemResponse answer, Throwable error, long rtt, boolean served) {
    owner.inFlight.decrementAndGet();
    ItemResponse response = answer;
    if (error != null && !cancelled) {
      // A bug below us must not hang the crawl or pass unseen: the item counts as failed, with the
      // error as reason. (Only cancelAll cancels on purpose, and then nothing more is counted.)
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      response =
          new ItemResponse.Failed(
              node.id(),
              new FetchResult.Failure(
                  String.valueOf(node.id()),
                  FailureKind.IO,
                  "unexpected " + cause,
                  0,
                  Duration.ZERO,
                  Duration.ZERO,
                  Instant.now()),
              0);
    }
    boolean counted = response != null && !cancelled;
    // Only a plain answer's round trip shows the server's pace: retries add their backoff (and an
    // answer the source served, with no attempt, has none).
    boolean plain =
        error == null
            && answer != null
            && answer.attempts() == 1
            && !(answer instanceof ItemResponse.Failed);
    long learned = plain ? rtt : -1;
    // A fetched answer goes to the sink, which holds its permit until it returns.
    boolean handOff = counted && sink != null && !served;
    int found = 0;
    try {
      if (counted) {
        owner.received.incrementAndGet();
        listener.onResponse(node.root(), response, node.depth());
      }
    } finally {
      lock.lock();
      try {
        calls.remove(node);
        if (counted) {
          found = record(node, response);
        }
      } finally {
        if (handOff) {
          lock.unlock();
        } else {
          finish(learned); // unlocks
        }
      }
    }
    try {
      if (found > 0) {
        listener.onDiscovered(node.root(), node.id(), found);
      }
    } finally {
      if (handOff) {
        ItemResponse sunk = response;
        SINKING.newThread(() -> sink(sunk, learned)).start();
      }
    }
  }

  private void sink(ItemResponse response, long rtt) {
    try {
      sink.accept(response);
    } catch (InterruptedException e) {
      // The walk is being stopped: this answer stays unrecorded by the sink.
    } catch (RuntimeException | Error e) {
      fail(e);
    } finally {
      lock.lock();
      finish(rtt);
    }
  }

  /**
   * One request (and its sink call) is over: counts it out, wakes a sender, and releases its
   * permits. Called with the lock held; releases it.
   */
  private void finish(long rtt) {
    inFlight--;
    if (inFlight == 0) {
      changed.signalAll(); // over, or a walk's next root: every sender looks
    } else {
      changed.signal();
    }
    lock.unlock();
    // After the kids are queued, so that whoever takes this permit can choose among them.
    budget.release();
    pace.release(rtt);
  }

  /** Interrupted: cancels the requests in flight; answers still arriving are not counted. */
  private void cancelAll() {
    List<CompletableFuture<ItemResponse>> running;
    lock.lock();
    try {
      cancelled = true;
      running = new ArrayList<>(calls.values());
    } finally {
      lock.unlock();
    }
    for (CompletableFuture<ItemResponse> call : running) {
      call.cancel(false);
    }
  }

  /**
   * Counts one answer and queues the new kids; returns how many were new. Called with the lock
   * held.
   */
  private int record(Node node, ItemResponse response) {
    int added = 0;
    fetches++;
    requests += response.attempts();
    boolean isRoot = node.depth() == 0;
    switch (response) {
      case ItemResponse.Found found -> {
        Item item = found.item();
        if (isRoot) {
          root = item;
        } else if (item.deleted()) {
          deleted++;
        } else if (item.dead()) {
          dead++;
        } else {
          visible++;
        }
        depth = Math.max(depth, node.depth());
        List<Long> kids = item.kids();
        for (long kid : kids) {
          comments++;
          Long first = parents.putIfAbsent(kid, node.id());
          if (first == null) {
            pending.add(new Node(kid, node.id(), node.root(), node.depth() + 1, discovered++));
            added++;
          } else {
            CrawlResult.AnomalyKind kind =
                isAncestor(kid, node.id())
                    ? CrawlResult.AnomalyKind.CYCLE
                    : CrawlResult.AnomalyKind.REPEATED;
            anomalies.add(new CrawlResult.Anomaly(kind, kid, node.id()));
          }
        }
      }
      case ItemResponse.Missing m -> {
        if (isRoot) {
          rootMissing = true;
        } else {
          missing++;
        }
      }
      case ItemResponse.Failed f -> failed.add(f.id());
    }
    return added;
  }

  /**
   * Whether {@code id} is {@code from} or one of the items through which {@code from} was reached.
   */
  private boolean isAncestor(long id, long from) {
    for (long at = from; at != NO_PARENT; at = parents.get(at)) {
      if (at == id) {
        return true;
      }
    }
    return false;
  }
}
