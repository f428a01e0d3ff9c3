using System.Runtime.InteropServices;
using CancelGateway.Emulators.Hosting;
using Microsoft.Extensions.Logging;

// The standalone emulators: start them, seed the demo runs, print how to reach them, and run
// until Ctrl+C or SIGTERM.
EmulatorCommandLine commandLine;
try
{
    commandLine = EmulatorCommandLine.Parse(args);
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync(EmulatorCommandLine.Usage);
    return 2;
}

if (commandLine.ShowHelp)
{
    Console.WriteLine(EmulatorCommandLine.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    // Handled here: the process then ends by leaving Main, after the emulators stopped cleanly.
    signal.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

commandLine.Options.Vertex.ConfigureLogging = logging => logging
    .AddSimpleConsole(console => console.SingleLine = true)
    .SetMinimumLevel(commandLine.LogLevel)
    .AddFilter("Microsoft", LogLevel.Warning);

var keyDirectory = Directory.CreateTempSubdirectory("cancelgateway-emulators-");
try
{
    await using var host = await EmulatorHost.StartAsync(commandLine.Options, cancellationToken: stop.Token);
    var keyFile = host.Vertex.WriteServiceAccountKeyFile(keyDirectory.FullName);
    EmulatorBanner.Write(Console.Out, host, keyFile, commandLine.Options.SeedDemoRuns, commandLine.Options.RunningRuns);
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("Stopping.");
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Stopped while starting.
}
finally
{
    // The key is throwaway, but a private key should not outlive its emulator.
    keyDirectory.Delete(recursive: true);
}

return 0;
