package dev.fanout.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HarnessTest {

  @Test
  void sampleShowsMedianWithMinAndMax() {
    Sample s = Sample.of(3.0, 1.0, 2.0, 10.0);
    assertThat(s.median()).isEqualTo(2.5);
    assertThat(s.format(1)).isEqualTo("2.5 (1.0–10.0)");
    assertThat(Sample.of(4.0).format(0)).isEqualTo("4 (1 run)");
    assertThat(new Sample(List.of()).format(2)).isEqualTo("–");
  }

  @Test
  void tableRejectsRowsOfTheWrongWidthAndEscapesPipes() {
    Table t = new Table("a", "b").row("x|y", "1");
    assertThat(t.markdown()).isEqualTo("| a | b |\n| --- | ---: |\n| x\\|y | 1 |\n");
    assertThatThrownBy(() -> t.row("only one")).hasMessageContaining("1 cells, header 2");
  }

  @Test
  void chartIsWellFormedSvgWithOneSeriesPerName() throws Exception {
    SvgChart chart =
        new SvgChart("t <1>", "x", "y", true, false)
            .add("fanout", 500, Sample.of(0.2, 0.3))
            .add("fanout", 10_000, Sample.of(0.8, 0.9, 1.0))
            .add("peer", 500, Sample.of(1.5));
    String svg = chart.svg();
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(2);
    assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(3);
    assertThat(svg).contains("t &lt;1&gt;");
  }

  @Test
  void catalogParsesAnArrayOrAnObjectOfEntries() throws Exception {
    String entry =
        "{\"name\":\"500\",\"id\":42,\"description\":\"d\",\"comments\":500,\"fetches\":501,\"depth\":7}";
    Map<String, ReplicaProcess.Story> fromArray = ReplicaProcess.parseCatalog("[" + entry + "]");
    Map<String, ReplicaProcess.Story> fromObject =
        ReplicaProcess.parseCatalog("{\"entries\":[" + entry + "]}");
    ReplicaProcess.Story expected = new ReplicaProcess.Story("500", 42, 500, 501, 7);
    assertThat(fromArray).containsEntry("500", expected);
    assertThat(fromObject).containsEntry("500", expected);
    assertThatThrownBy(() -> ReplicaProcess.parseCatalog("[]")).hasMessageContaining("empty");
  }

  @Test
  void procReportsOutputExitAndPeakRssOfTheChild() {
    Proc.Result r =
        Proc.run(
            List.of("sh", "-c", "echo out; echo err >&2; sleep 0.2; exit 3"),
            Duration.ofSeconds(10));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.failure()).isEqualTo("exit 3: err");
    assertThat(r.peakRssKb()).isPositive();
    assertThat(r.wall()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void procKillsAChildThatOutlivesItsTimeout() {
    Proc.Result r = Proc.run(List.of("sleep", "30"), Duration.ofMillis(300));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.ok()).isFalse();
    assertThat(r.wall()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void peersShipInsideTheJar() throws Exception {
    var dir = java.nio.file.Files.createTempDirectory("peers");
    Tools.extractPeers(dir);
    assertThat(dir.resolve("talk_crawler.py")).content().contains("post_number_of_comments");
    assertThat(dir.resolve("tuned_crawler.py")).content().contains("TCPConnector");
  }
}
