package dev.fanout.jobdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.job.MapperPlan;
import dev.fanout.workflow.page.PageRef;
import dev.fanout.workflow.page.PartRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobDataTest {

  @TempDir Path root;

  private static List<SubJobSpec> subJobs(int n, String pad) {
    return IntStream.range(0, n)
        .mapToObj(i -> new SubJobSpec("k" + i, TextNode.valueOf(pad), null))
        .toList();
  }

  @Test
  void pagesAreCutByCountAndByBytes() throws Exception {
    Paging paging = new Paging(1, 3, 100, 10);

    assertThat(SubJobPages.cut(subJobs(7, ""), paging))
        .extracting(List::size)
        .containsExactly(3, 3, 1);
    assertThat(SubJobPages.cut(subJobs(4, "x".repeat(20)), paging))
        .as("two 44-byte sub-jobs fill 100 bytes")
        .extracting(List::size)
        .containsExactly(2, 2);
    assertThat(SubJobPages.cut(List.of(), paging)).isEmpty();
  }

  @Test
  void aSubJobTooBigForAPageIsRefusedWithAHint() {
    assertThatThrownBy(
            () -> SubJobPages.cut(subJobs(2, "x".repeat(200)), new Paging(1, 3, 100, 10)))
        .hasMessageStartingWith("mapper output[0]: ")
        .hasMessageContaining("shorten its key");
  }

  @Test
  void aJobOfMorePagesThanOneWorkflowStartsListsThemInTheStoreForItsGroups() throws Exception {
    FileBlobStore blobs = new FileBlobStore(root);

    MapperPlan plan = SubJobPages.store(blobs, "job", subJobs(11, ""), new Paging(1, 2, 1000, 3));

    assertThat(plan.grouped()).isTrue();
    assertThat(plan.pages()).isEmpty();
    assertThat(plan.pagesInAll()).isEqualTo(6);
    assertThat(plan.total()).isEqualTo(11);
    assertThat(SubJobPages.pageRefs(blobs, plan.pagesUri(), 2, 3))
        .extracting(PageRef::page, PageRef::firstIndex, PageRef::count)
        .containsExactly(tuple(2, 4, 2), tuple(3, 6, 2));
    assertThat(SubJobPages.parts(blobs, plan.pagesUri(), 0, 5, 4))
        .containsExactly(new PartRef(0, 3, 0, 8), new PartRef(4, 5, 8, 3));
    assertThat(SubJobPages.store(blobs, "small", subJobs(6, ""), new Paging(1, 2, 1000, 3)))
        .as("three pages: the job starts them itself")
        .satisfies(small -> assertThat(small.grouped()).isFalse())
        .satisfies(small -> assertThat(small.pages()).hasSize(3));
  }

  @Test
  void aMappersItemsAreStoredAsTheyComeAndTheBadOnesNamedAtTheEnd() {
    FileBlobStore blobs = new FileBlobStore(root);
    var items =
        List.<JsonNode>of(
                Json.MAPPER.createObjectNode().put("key", "a"),
                TextNode.valueOf("not an object"),
                Json.MAPPER.createObjectNode().put("key", "c"))
            .iterator();

    assertThatThrownBy(
            () -> SubJobPages.storeMapped(blobs, "job", items, new Paging(1, 2, 1000, 3), () -> {}))
        .hasMessage("1 bad sub-job(s): mapper output[1]: expected an object, was STRING");
  }

  @Test
  void storedPagesLoadBackInOrderWithTheirFirstIndexes() throws Exception {
    FileBlobStore blobs = new FileBlobStore(root);

    MapperPlan plan = SubJobPages.store(blobs, "job", subJobs(5, "p"), new Paging(1, 2, 1000, 10));

    assertThat(plan.total()).isEqualTo(5);
    assertThat(plan.pages()).extracting(PageRef::firstIndex).containsExactly(0, 2, 4);
    assertThat(SubJobPages.load(blobs, plan.pages().get(1).uri()))
        .extracting(SubJobSpec::key)
        .containsExactly("k2", "k3");
  }

  @Test
  void paramsTooLargeForAPageAreStoredApartAndReadBackForARedrive() throws Exception {
    FileBlobStore blobs = new FileBlobStore(root);
    TextNode big = TextNode.valueOf("x".repeat(400));
    List<SubJobSpec> subJobs =
        List.of(
            new SubJobSpec("small", TextNode.valueOf("p"), null), new SubJobSpec("big", big, null));

    MapperPlan plan = SubJobPages.store(blobs, "job", subJobs, new Paging(1, 10, 300, 10));

    List<SubJobSpec> page = SubJobPages.load(blobs, plan.pages().get(0).uri());
    assertThat(page.get(0).params()).isEqualTo(TextNode.valueOf("p"));
    JsonNode ref = page.get(1).params();
    assertThat(PayloadRef.of(ref)).contains(blobs.uri("job/params/task-000001.json"));
    assertThat(PayloadRef.resolve(blobs, JobKeys.params("job", "task-000001"), ref)).isEqualTo(big);
    ResultManifest.writePage(
        blobs, "job", 0, List.of(result(0, null), result(1, SubJobState.FAILED, null)));
    ResultManifest.join(blobs, "job", 1);
    assertThat(SubJobPages.notSucceeded(blobs, "job"))
        .as("a redrive's mapper gets the params themselves, and stores them as its own")
        .containsExactly(new SubJobSpec("big", big, null));
  }

  @Test
  void aReferenceToAnythingButTheJobsOwnBlobIsRefused() throws Exception {
    FileBlobStore blobs = new FileBlobStore(root);
    JsonNode other = PayloadRef.store(blobs, "another-job/input.json", TextNode.valueOf("secret"));

    assertThatThrownBy(() -> PayloadRef.resolve(blobs, JobKeys.input("job"), other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("fanoutPayloadRef: " + blobs.uri("another-job/input.json"))
        .hasMessageContaining("is not where this worker keeps it (" + blobs.uri("job/input.json"));
    assertThat(PayloadRef.resolve(blobs, JobKeys.input("job"), TextNode.valueOf("plain")))
        .isEqualTo(TextNode.valueOf("plain"));
  }

  @Test
  void theManifestJoinsPagesAndStreamsOutputsFromTheStore() throws Exception {
    FileBlobStore blobs = new FileBlobStore(root);
    String big =
        blobs
            .put("job/outputs/task-000002.json", "[1,2,3]".getBytes(StandardCharsets.UTF_8))
            .toString();
    ResultManifest.writePage(blobs, "job", 0, List.of(result(0, null), result(1, null)));
    ResultManifest.writePage(blobs, "job", 1, List.of(result(2, big)));
    ResultManifest.writePage(blobs, "job", 2, List.of());

    String uri = ResultManifest.join(blobs, "job", 3).toString();

    List<SubJobResult> read = new ArrayList<>();
    try (ResultManifest.Results results = ResultManifest.read(blobs, uri)) {
      results.forEach(read::add);
    }
    assertThat(read).extracting(SubJobResult::index).containsExactly(0, 1, 2);
    assertThat(read.get(0).output()).isEqualTo(IntNode.valueOf(0));
    assertThat(read.get(2).output().toString()).isEqualTo("[1,2,3]");
    assertThat(blobs.deleteAll(JobKeys.prefix("job"))).isEqualTo(5);
  }

  private static SubJobResult result(int index, String outputRef) {
    return result(index, SubJobState.SUCCEEDED, outputRef);
  }

  private static SubJobResult result(int index, SubJobState state, String outputRef) {
    return new SubJobResult(
        index,
        "k" + index,
        state,
        null,
        outputRef == null ? IntNode.valueOf(index) : null,
        outputRef,
        null,
        1,
        null,
        null,
        null,
        null);
  }
}
