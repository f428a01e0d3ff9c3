namespace CancelGateway.Tests.Support;

/// <summary>
/// A private PKI made with the openssl CLI at test time, as an operator would make one: a CA,
/// the gateway's server certificate for 127.0.0.1, and client certificates (a SPIFFE URI SAN,
/// a CN only, one from another CA, one expired, one for servers only).
/// </summary>
internal sealed class TestPki
{
    public const string SpiffeId = "spiffe://example.org/ns/ml/sa/canceller";
    public const string CommonNameOnly = "alice-service";
    private static readonly TimeSpan OpenSslTimeout = TimeSpan.FromSeconds(60);

    private TestPki(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaFile => File("ca.pem");

    public string ServerCertificate => File("server.pem");

    public string ServerKey => File("server.key");

    /// <summary>A client certificate and key: <c>spiffe</c>, <c>cn</c>, <c>foreign</c> (another CA), <c>expired</c>, <c>serveronly</c> (no clientAuth use).</summary>
    public (string Certificate, string Key) Client(string name) => (File($"{name}.pem"), File($"{name}.key"));

    public string File(string name) => Path.Combine(Directory, name);

    public static async Task<TestPki> CreateAsync(string directory)
    {
        var pki = new TestPki(directory);
        await pki.CaAsync("ca", "CancelGateway Test CA");
        await pki.CaAsync("other-ca", "Someone Else's CA");
        await pki.LeafAsync("server", "ca", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
        await pki.LeafAsync("spiffe", "ca", "canceller", $"subjectAltName=URI:{SpiffeId}\nextendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n");
        await pki.LeafAsync("cn", "ca", CommonNameOnly, "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n");
        await pki.LeafAsync("foreign", "other-ca", "intruder", $"subjectAltName=URI:{SpiffeId}\nextendedKeyUsage=clientAuth\n");
        await pki.LeafAsync("serveronly", "ca", CommonNameOnly, "extendedKeyUsage=serverAuth\n");
        await pki.ExpiredAsync("expired", CommonNameOnly);
        return pki;
    }

    private Task CaAsync(string name, string subject) => OpenSslAsync(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "30",
        "-keyout", File($"{name}.key"), "-out", File($"{name}.pem"), "-subj", $"/CN={subject}",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");

    private async Task LeafAsync(string name, string ca, string commonName, string extensions)
    {
        await System.IO.File.WriteAllTextAsync(File($"{name}.ext"), extensions);
        await OpenSslAsync("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", File($"{name}.key"), "-out", File($"{name}.csr"), "-subj", $"/CN={commonName}");
        await OpenSslAsync(
            "x509", "-req", "-sha256", "-days", "30", "-in", File($"{name}.csr"),
            "-CA", File($"{ca}.pem"), "-CAkey", File($"{ca}.key"), "-set_serial", Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-extfile", File($"{name}.ext"), "-out", File($"{name}.pem"));
    }

    /// <summary>openssl x509 cannot back-date; openssl ca can (-startdate/-enddate), with a minimal CA database.</summary>
    private async Task ExpiredAsync(string name, string commonName)
    {
        var database = File("ca-db");
        System.IO.Directory.CreateDirectory(database);
        await System.IO.File.WriteAllTextAsync(Path.Combine(database, "index.txt"), string.Empty);
        await System.IO.File.WriteAllTextAsync(Path.Combine(database, "serial"), "1000\n");
        await System.IO.File.WriteAllTextAsync(File("ca.cnf"), $"""
            [ca]
            default_ca = test
            [test]
            dir = {database}
            database = $dir/index.txt
            serial = $dir/serial
            new_certs_dir = $dir
            default_md = sha256
            policy = anything
            copy_extensions = none
            x509_extensions = client
            [anything]
            commonName = supplied
            [client]
            extendedKeyUsage = clientAuth
            keyUsage = critical,digitalSignature

            """);
        await OpenSslAsync("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", File($"{name}.key"), "-out", File($"{name}.csr"), "-subj", $"/CN={commonName}");
        await OpenSslAsync(
            "ca", "-batch", "-config", File("ca.cnf"), "-cert", File("ca.pem"), "-keyfile", File("ca.key"),
            "-startdate", "20200101000000Z", "-enddate", "20200201000000Z", "-in", File($"{name}.csr"), "-out", File($"{name}.pem"), "-notext");
    }

    private static async Task OpenSslAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("openssl", arguments, OpenSslTimeout);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"openssl {arguments[0]} failed.{Environment.NewLine}{result.Describe()}");
        }
    }
}
