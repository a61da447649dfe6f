package dev.fanout.cli.hn;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.HnClient;
import dev.fanout.hn.ItemResponse;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fanout hn item ID...}: items pretty-printed as the talk's In [56] does. */
@Command(
    name = "item",
    mixinStandardHelpOptions = true,
    modelTransformer = NetworkOptions.TextOrJsonl.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    defaultValueProvider = HnFormats.Concurrency.class,
    description = {
      "Fetch items and print each as indented JSON, keys as served (the talk's In [56]); --format"
          + " jsonl prints each body on one line, exactly as served."
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 an item does not exist or could not be fetched, 2 usage error."
    })
final class HnItemCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "ID", description = "Item ids, e.g. 13955074.")
  List<String> ids;

  @Mixin HnApiOption api;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() {
    return Interrupts.run(spec.commandLine().getErr(), this::run);
  }

  private int run() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Long> items = HnIds.parse(spec, ids);
    boolean jsonl = HnFormats.textOrJsonl(spec, network);
    FetchOptions options = HnFormats.fetchOptions(spec, network, 256);
    int exit = ExitCode.OK;
    try (HnClient client = HnFormats.client(spec, options, api.uri(spec))) {
      for (long id : items) {
        switch (client.item(id)) {
          case ItemResponse.Found found ->
              out.println(jsonl ? HnJson.line(found.json()) : HnJson.pretty(found.json()));
          case ItemResponse.Missing missing -> {
            err.println("fanout hn item: item " + id + " does not exist");
            exit = ExitCode.SOME_FAILED;
          }
          case ItemResponse.Failed failed -> {
            err.println(
                "fanout hn item: item "
                    + id
                    + " could not be fetched: "
                    + failed.failure().kind().label()
                    + ": "
                    + TerminalText.safe(failed.failure().message())
                    + " ("
                    + failed.attempts()
                    + " requests)");
            exit = ExitCode.SOME_FAILED;
          }
        }
        out.flush();
      }
    }
    return exit;
  }
}
