namespace CancelGateway.Emulators.Hosting;

/// <summary>What the standalone process prints once it listens: where each provider is and how to log in (never the key itself).</summary>
internal static class EmulatorBanner
{
    public static void Write(TextWriter output, EmulatorHost host, string vertexKeyFile, bool seeded)
    {
        var vertex = host.Vertex;
        output.WriteLine("CancelGateway provider emulators (Ctrl+C to stop)");
        output.WriteLine();
        output.WriteLine("Vertex AI Pipelines");
        output.WriteLine($"  base URL:         {vertex.BaseAddress}");
        output.WriteLine($"  token endpoint:   {vertex.BaseAddress}token");
        output.WriteLine($"  service account:  {vertex.ClientEmail}");
        output.WriteLine($"  key file:         {vertexKeyFile}");
        output.WriteLine($"                    (e.g. GOOGLE_APPLICATION_CREDENTIALS={vertexKeyFile})");
        if (seeded)
        {
            output.WriteLine("  runs:");
            foreach (var name in DemoRuns.VertexRunNames)
            {
                var run = vertex.GetRun(name);
                output.WriteLine($"    {name}  {run?.State.ToString().ToUpperInvariant()}");
            }
        }

        output.WriteLine();
        output.WriteLine("Ready.");
        output.Flush();
    }
}
