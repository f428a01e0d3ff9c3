using System.Diagnostics;
using System.Net;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Emulators.Tests.Support;
using Xunit;

namespace CancelGateway.Emulators.Tests.Hosting;

/// <summary>The standalone process as a person runs it: banner, a working server, a clean SIGTERM.</summary>
public sealed class StandaloneProcessTests
{
    [Fact]
    public async Task Main_Port0_PrintsBannerServesAndStopsOnSigterm()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CancelGateway.Emulators.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        using var process = Process.Start(start)!;
        try
        {
            var banner = new List<string>();
            while (await process.StandardOutput.ReadLineAsync().WaitAsync(Timeouts.Default) is { } line)
            {
                banner.Add(line);
                if (line == "Ready.")
                {
                    break;
                }
            }

            var text = string.Join('\n', banner);
            Assert.Contains("Ready.", banner);
            Assert.Contains("gateway@demo-project.iam.gserviceaccount.com", text, StringComparison.Ordinal);
            Assert.All(DemoRuns.VertexRunNames, name => Assert.Contains(name, text, StringComparison.Ordinal));
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            var baseUrl = banner.Single(l => l.Contains("base URL:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
            var keyFile = banner.Single(l => l.Contains("key file:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
            Assert.True(File.Exists(keyFile));

            using var http = new HttpClient { Timeout = Timeouts.Default };
            using var response = await http.GetAsync(new Uri(new Uri(baseUrl), "v1/" + DemoRuns.VertexRunNames[0])).WaitAsync(Timeouts.Default);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().WaitAsync(Timeouts.Default);
            }

            await process.WaitForExitAsync().WaitAsync(Timeouts.Default);
            Assert.Equal(0, process.ExitCode);
            Assert.False(File.Exists(keyFile));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Main_RunningRuns_PrintsEveryNameAndServesCounters()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CancelGateway.Emulators.dll"));
        foreach (var argument in new[] { "--running-runs", "2", "--stop-ms", "100" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var banner = new List<string>();
            while (await process.StandardOutput.ReadLineAsync().WaitAsync(Timeouts.Default) is { } line && line != "Ready.")
            {
                banner.Add(line);
            }

            var runs = banner.Where(l => l.Contains("running run: ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]).ToList();
            Assert.Equal([RunningRuns.VertexName(1), RunningRuns.CodeArtsName(1), RunningRuns.SageMakerArn(1), RunningRuns.VertexName(2), RunningRuns.CodeArtsName(2), RunningRuns.SageMakerArn(2)], runs);
            var endpoint = banner.Single(l => l.Contains("endpoint URL:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
            using var http = new HttpClient { Timeout = Timeouts.Default };
            var counters = await http.GetStringAsync(new Uri(new Uri(endpoint), "_emulator/counters")).WaitAsync(Timeouts.Default);
            Assert.Contains("\"acceptedStops\"", counters, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(Timeouts.Default);
        }
    }

    [Fact]
    public async Task Main_UnknownArgument_ExitCode2WithUsage()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CancelGateway.Emulators.dll"));
        start.ArgumentList.Add("--colour");
        using var process = Process.Start(start)!;

        var error = await process.StandardError.ReadToEndAsync().WaitAsync(Timeouts.Default);
        await process.WaitForExitAsync().WaitAsync(Timeouts.Default);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--colour", error, StringComparison.Ordinal);
        Assert.Contains("--port", error, StringComparison.Ordinal);
    }
}
