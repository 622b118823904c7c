using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace SweepCluster.Coordinator.Api;

/// <summary>Checkpoint directories as tar (or zip) archives: streamed in with a size limit and a SHA-256, swapped in atomically.</summary>
internal static class CheckpointArchive
{
    /// <summary>Copies at most <paramref name="limit"/> bytes to <paramref name="file"/>; returns the hex SHA-256, or null when over the limit.</summary>
    public static async Task<string?> ReceiveAsync(Stream body, string file, long limit, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
            if (total > limit)
            {
                return null;
            }

            hash.AppendData(buffer, 0, n);
            await output.WriteAsync(buffer.AsMemory(0, n), ct);
        }

        await output.FlushAsync(ct);
        output.Flush(flushToDisk: true);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Extracts a tar or zip archive into a fresh directory; throws <see cref="InvalidDataException"/> when it is neither or is corrupt.</summary>
    public static async Task ExtractAsync(string archive, string destination, CancellationToken ct)
    {
        Directory.CreateDirectory(destination);
        var head = new byte[512];
        int read;
        await using (var probe = File.OpenRead(archive))
        {
            read = await probe.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }

        try
        {
            if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
            {
                ZipFile.ExtractToDirectory(archive, destination, overwriteFiles: false);
            }
            else if (read == 512 && head.AsSpan(257, 5).SequenceEqual("ustar"u8))
            {
                await TarFile.ExtractToDirectoryAsync(archive, destination, overwriteFiles: false, ct);
            }
            else
            {
                throw new InvalidDataException("the body is neither a tar nor a zip archive");
            }
        }
        catch (IOException e)
        {
            throw new InvalidDataException("the archive cannot be extracted: " + e.Message, e);
        }
    }

    /// <summary>Replaces <paramref name="target"/> by <paramref name="staged"/> with renames, so readers see the old or the new directory.</summary>
    public static void Swap(string staged, string target)
    {
        var old = target + ".old-" + Guid.NewGuid().ToString("N");
        var hadOld = Directory.Exists(target);
        if (hadOld)
        {
            Directory.Move(target, old);
        }

        Directory.Move(staged, target);
        if (hadOld)
        {
            Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>Packs a directory's contents into a tar file.</summary>
    public static async Task PackAsync(string directory, string tarFile, CancellationToken ct)
    {
        await using var output = new FileStream(tarFile, FileMode.CreateNew, FileAccess.Write);
        await TarFile.CreateFromDirectoryAsync(directory, output, includeBaseDirectory: false, ct);
    }

    /// <summary>Hex SHA-256 of a file.</summary>
    public static async Task<string> HashAsync(string file, CancellationToken ct)
    {
        await using var input = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(input, ct));
    }
}
