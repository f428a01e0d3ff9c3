using CancelGateway.PipelineControl;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Xunit;
using Xunit.Abstractions;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// ListOperations answers in pages of bounded size however big the operations are: batches of
/// a thousand runs are listed without their per-run detail, which GetOperation gives whole.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class ListOperationsSizeTests(ITestOutputHelper output)
{
    private const int Batches = 10;
    private const int RunsPerBatch = 1000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task ListOperations_TenBatchesOfAThousandRuns_PagesUnderTheBoundEachOperationOnceWithoutItems()
    {
        // Ten thousand runs from one connection: above the default per-caller queue bound, which
        // is not what this test is about.
        await using var fixture = await GatewayFixture.StartAsync(new Dictionary<string, string> { ["Engine:MaxQueuedPerCaller"] = "20000" }).Within();
        var client = fixture.Client;
        var batches = new List<Operation>();
        for (var b = 0; b < Batches; b++)
        {
            var runs = Enumerable.Range(0, RunsPerBatch).Select(_ => fixture.AddRun(prefix: "big")).ToList();
            batches.Add(await client.BatchCancelAsync(runs).Within());
        }

        var done = await Task.WhenAll(batches.Select(b => client.WaitDoneAsync(b.Name, Budget))).WaitAsync(Budget);
        var full = await Task.WhenAll(batches.Select(b => client.GetOperationAsync(b.Name))).Within();

        var seen = new List<string>();
        var listedBatches = new List<Operation>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var page = await client.ListOperationsAsync(pageSize: 1000, pageToken: token).Within();
            pages++;
            Assert.True(page.CalculateSize() <= ListPageBound.MaxPageBytes, $"Page {pages} is {page.CalculateSize()} bytes.");
            seen.AddRange(page.Operations.Select(o => o.Name));
            listedBatches.AddRange(page.Operations.Where(o => o.Metadata.Is(BatchCancelOperationMetadata.Descriptor)));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        var batchPage = await client.ListOperationsAsync("kind = \"batch\"", pageSize: 1000).Within();
        output.WriteLine($"{seen.Count} operations in {pages} pages; the batches alone: {batchPage.CalculateSize()} bytes; one batch from GetOperation: {full[0].CalculateSize()} bytes.");

        var expected = batches.Select(b => b.Name)
            .Concat(full.SelectMany(b => b.Metadata.Unpack<BatchCancelOperationMetadata>().Items.Select(i => i.Operation)))
            .ToList();
        Assert.Equal(Batches * (RunsPerBatch + 1), expected.Distinct().Count());
        Assert.Equal(expected.Count, seen.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(batches.Select(b => b.Name), batchPage.Operations.Select(o => o.Name));
        foreach (var listed in listedBatches.Concat(batchPage.Operations))
        {
            var metadata = listed.Metadata.Unpack<BatchCancelOperationMetadata>();
            Assert.Empty(metadata.Items);
            Assert.Equal(RunsPerBatch, metadata.Total);
            Assert.Equal(RunsPerBatch, metadata.DoneCount);
            Assert.Empty(listed.Response.Unpack<BatchCancelResponse>().Results);
        }

        Assert.All(full, b => Assert.Equal(RunsPerBatch, b.Metadata.Unpack<BatchCancelOperationMetadata>().Items.Count));
        Assert.All(done, b => Assert.Equal(RunsPerBatch, b.Response.Unpack<BatchCancelResponse>().Results.Count));
        fixture.AssertNoUnexpectedErrors();
    }
}
