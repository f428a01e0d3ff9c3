using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace CancelGateway.Security;

/// <summary>
/// The principal a client certificate names: its URI subject alternative name (a SPIFFE id,
/// <c>spiffe://trust-domain/workload</c>) when it has one, else its subject's common name.
/// </summary>
internal static class CertificatePrincipal
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    /// <summary>GeneralName's uniformResourceIdentifier is [6] IA5String (RFC 5280 §4.2.1.6).</summary>
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    public static string? Of(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == SubjectAlternativeNameOid && FirstUri(extension.RawData) is { } uri)
            {
                return uri;
            }
        }

        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(commonName) ? null : commonName;
    }

    private static string? FirstUri(byte[] rawData)
    {
        try
        {
            var names = new AsnReader(rawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag == UriTag)
                {
                    return names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag);
                }

                names.ReadEncodedValue();
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension names no one; the CN is the fallback.
        }

        return null;
    }
}
