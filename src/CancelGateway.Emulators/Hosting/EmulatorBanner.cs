namespace CancelGateway.Emulators.Hosting;

/// <summary>What the standalone process prints once it listens: where each provider is and how to log in (never the key itself).</summary>
internal static class EmulatorBanner
{
    public static void Write(TextWriter output, EmulatorHost host, string vertexKeyFile, bool seeded, int runningRuns)
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
        WriteCodeArts(output, host.CodeArts, seeded);
        output.WriteLine();
        WriteSageMaker(output, host.SageMaker, seeded);
        output.WriteLine();
        WriteRunningRuns(output, host, runningRuns);
        output.WriteLine("Ready.");
        output.Flush();
    }

    private static void WriteCodeArts(TextWriter output, CodeArts.CodeArtsEmulator codeArts, bool seeded)
    {
        // The demo password and secret key are published constants that open only this emulator,
        // so they are shown; credentials someone configured are not.
        var demo = codeArts.Password == CodeArts.CodeArtsEmulatorOptions.DemoPassword && codeArts.SecretKey == CodeArts.CodeArtsEmulatorOptions.DemoSecretKey;
        output.WriteLine("Huawei Cloud CodeArts Pipeline");
        output.WriteLine($"  API endpoint:     {codeArts.BaseAddress}  (Providers:CodeArts:Endpoint)");
        output.WriteLine($"  IAM endpoint:     {codeArts.IamEndpoint}  (POST v3/auth/tokens; Providers:CodeArts:IamEndpoint)");
        output.WriteLine($"  region:           {codeArts.Region}");
        output.WriteLine($"  IAM user:         {codeArts.UserName} / {(demo ? codeArts.Password : "(configured password)")}, account {codeArts.DomainName}");
        output.WriteLine($"  AK/SK:            {codeArts.AccessKey} / {(demo ? codeArts.SecretKey : "(configured secret key)")}");
        if (seeded)
        {
            output.WriteLine("  runs:");
            foreach (var name in DemoRuns.CodeArtsRunNames)
            {
                var run = codeArts.GetRun(name[(name.LastIndexOf('/') + 1)..]);
                output.WriteLine($"    {name}  {run?.Status.ToString().ToUpperInvariant()}");
            }
        }
    }

    private static void WriteSageMaker(TextWriter output, SageMaker.SageMakerEmulator sageMaker, bool seeded)
    {
        // As for CodeArts: the published demo secret is shown, a configured one never.
        var demo = sageMaker.SecretAccessKey == SageMaker.SageMakerEmulatorOptions.DemoSecretAccessKey && sageMaker.SessionToken is null;
        output.WriteLine("Amazon SageMaker Pipelines");
        output.WriteLine($"  endpoint URL:     {sageMaker.BaseAddress}  (Providers:SageMaker:Endpoint; aws --endpoint-url)");
        output.WriteLine($"  credentials:      AWS_ACCESS_KEY_ID={sageMaker.AccessKeyId} AWS_SECRET_ACCESS_KEY={(demo ? sageMaker.SecretAccessKey : "(configured secret)")}");
        if (seeded)
        {
            output.WriteLine("  executions:");
            foreach (var arn in DemoRuns.SageMakerExecutionArns)
            {
                output.WriteLine($"    {arn}  {sageMaker.GetExecution(arn)?.Status}");
            }
        }
    }

    private static void WriteRunningRuns(TextWriter output, EmulatorHost host, int count)
    {
        output.WriteLine($"Counters (JSON):    GET {{base URL}}{EmulatorCounters.Path[1..]} on each base URL above, e.g. {host.Vertex.BaseAddress}{EmulatorCounters.Path[1..]}");
        if (count == 0)
        {
            output.WriteLine();
            return;
        }

        output.WriteLine($"Running runs ({count} per provider, each stopping when asked):");
        for (var i = 1; i <= count; i++)
        {
            output.WriteLine($"  running run: {RunningRuns.VertexName(i)}");
            output.WriteLine($"  running run: {RunningRuns.CodeArtsName(i)}");
            output.WriteLine($"  running run: {RunningRuns.SageMakerArn(i)}");
        }

        output.WriteLine();
    }
}
