using System.Net.Http.Headers;
using SweepCluster.Coordinator.Cli;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>
/// The coordinator pod runs <c>serve FILE</c> and is restarted by drains and upgrades long after FILE's sweep has ended:
/// a restart must keep serving (and say why the file's sweep is not started again), not crash-loop.
/// </summary>
public sealed class ServeRestartTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Serve_FileSweepAlreadyEnded_KeepsServingAndWarns()
    {
        var file = _dir.Write("sweep.hocon", """
            sweep {
              name = ended
              search { algorithm = grid }
              space { x = [1, 2] }
              trial { task = noop }
            }
            cluster { listen = "http://127.0.0.1:0", storage = "sqlite:store.db", checkpoint_dir = runs, admin_token = adm, worker_token = wrk }
            """);
        var store = $"sqlite:{Path.Combine(_dir.Path, "store.db")}";

        // first start: the sweep is created; cancel it over the API, which ends it
        var (code, _, _) = await ServeAsync(file, store, async url =>
        {
            using var http = new HttpClient();
            using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/api/v1/sweeps/ended/cancel"));
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "adm");
            using var res = await http.SendAsync(req);
            Assert.True(res.IsSuccessStatusCode, $"cancel answered {(int)res.StatusCode}");
        });
        Assert.Equal(0, code);

        // restart on the same store: serves, warns about the ended sweep
        var (again, _, error) = await ServeAsync(file, store, async url =>
        {
            using var http = new HttpClient();
            using var res = await http.GetAsync(new Uri(url, "/api/v1/readyz"));
            Assert.True(res.IsSuccessStatusCode);
        });

        Assert.Equal(0, again);
        Assert.Contains("ended", error, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>serve</c> in process until it listens, calls <paramref name="whileServing"/>, then stops it.</summary>
    private static async Task<(int Code, string Out, string Err)> ServeAsync(string file, string store, Func<Uri, Task> whileServing)
    {
        var output = new LineSignalWriter("listening on ");
        var error = new LineSignalWriter("\u0000");
        using var stop = new CancellationTokenSource();
        var run = CliApp.RunAsync(["serve", file, "--storage", store], new CliContext(output, error), stop.Token);
        var first = await Task.WhenAny(output.Seen, run);
        if (first == run)
        {
            Assert.Fail($"serve exited with {await run} before listening: {error}");
        }

        var line = await output.Seen;
        try
        {
            await whileServing(new Uri(line.Split(' ')[2]));
        }
        finally
        {
            await stop.CancelAsync();
        }

        return (await run, output.ToString(), error.ToString());
    }
}
