package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** loop.dump(): the live tree of scopes and tasks, as text and as JSON. */
class DumpTest {
  private final EventLoop loop = EventLoop.builder().name("jobs").manual().virtualTime().autoAdvance(false).build();

  private void program() {
    loop.start(Wire.sleep(Duration.ofSeconds(1)).named("poller"));
    loop.start(Wire.scope(ScopeOptions.defaults().named("batch").maxConcurrency(1), s -> {
      s.start(Wire.sleep(Duration.ofSeconds(5)).then(Wire.nothing()).named("fetch"));
      s.start(Wire.nothing().named("queued"));
    }));
    loop.runUntilIdle();
    loop.advanceTimeBy(Duration.ofMillis(400));
  }

  @Test
  void dump_showsScopesTasksStatesTimersAndStartSites() {
    program();
    LoopDump dump = loop.dump();
    assertThat(dump.loop()).isEqualTo("jobs");
    assertThat(dump.liveTasks()).isEqualTo(4);
    LoopDump.TaskDump poller = dump.root().tasks().get(0);
    assertThat(poller.name()).isEqualTo("poller#1");
    assertThat(poller.state()).isEqualTo(Task.State.SLEEPING);
    assertThat(poller.inState()).isEqualTo(Duration.ofMillis(400));
    assertThat(poller.timerDueIn()).isEqualTo(Duration.ofMillis(600));
    assertThat(poller.startSite()).contains("DumpTest.program");
    LoopDump.ScopeDump batch = dump.root().scopes().get(0);
    assertThat(batch.path()).isEqualTo("batch");
    assertThat(batch.queued()).isEqualTo(1);
    LoopDump.TaskDump fetch = batch.tasks().get(0);
    assertThat(fetch.path()).isEqualTo("batch/fetch#3 > then[0]");
    assertThat(fetch.wire()).isEqualTo("sleep PT5S");
    assertThat(fetch.timerDueIn()).isEqualTo(Duration.ofMillis(4600));
  }

  @Test
  void toText_isAnIndentedTree() {
    program();
    String text = loop.dump().toText();
    assertThat(text).startsWith("loop 'jobs' at 1970-01-01T00:00:00.400Z, 4 live tasks\n");
    assertThat(text).contains("└─ scope (root)\n");
    assertThat(text).contains("   ├─ poller#1  SLEEPING 0.400s (timer in 0.600s)  wire=sleep PT1S  started at ");
    assertThat(text).contains("   └─ scope batch queued=1\n");
    assertThat(text).contains("      └─ batch/fetch#3 > then[0]  SLEEPING 0.400s (timer in 4.600s)  wire=sleep PT5S");
  }

  @Test
  void dump_isJacksonFriendly() throws Exception {
    program();
    ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    JsonNode tree = json.readTree(json.writeValueAsString(loop.dump()));
    assertThat(tree.get("loop").asText()).isEqualTo("jobs");
    assertThat(tree.at("/root/tasks/0/name").asText()).isEqualTo("poller#1");
    assertThat(tree.at("/root/tasks/0/state").asText()).isEqualTo("SLEEPING");
    assertThat(tree.at("/root/scopes/0/tasks/0/wire").asText()).isEqualTo("sleep PT5S");
  }
}
