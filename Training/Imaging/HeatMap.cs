namespace SweepCluster.Training.Imaging;

/// <summary>
/// Renders a square matrix of values in [0, 1] as a heat map (white → dark blue) with labels: row labels on the left,
/// column labels written top-down above each column.
/// </summary>
internal static class HeatMap
{
    private const int Cell = 16;
    private const int Scale = 2;
    private const int MaxLabel = 10;
    private const int CharW = (TinyFont.Width + 1) * Scale;
    private const int CharH = (TinyFont.Height + 1) * Scale;

    /// <summary>The PNG of <paramref name="values"/> ([n, n] row-major) with <paramref name="labels"/> on both axes.</summary>
    public static byte[] Render(ReadOnlySpan<float> values, IReadOnlyList<string> labels)
    {
        int n = labels.Count;
        if (values.Length != n * n)
        {
            throw new ArgumentException($"expected {n * n} values for {n} labels, got {values.Length}", nameof(values));
        }

        int longest = Math.Min(MaxLabel, labels.Max(l => l.Length));
        int left = (longest * CharW) + 6;
        int top = (longest * CharH) + 6;
        int width = left + (n * Cell) + 2;
        int height = top + (n * Cell) + 2;
        byte[] rgb = new byte[width * height * 3];
        Array.Fill(rgb, (byte)255);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                (byte r, byte g, byte b) = Colour(values[(i * n) + j]);
                Fill(rgb, width, left + (j * Cell), top + (i * Cell), Cell, Cell, r, g, b);
            }

            string label = Clip(labels[i]);
            int rowY = top + (i * Cell) + ((Cell - (TinyFont.Height * Scale)) / 2);
            for (int c = 0; c < label.Length; c++)
            {
                DrawChar(rgb, width, left - 4 - ((label.Length - c) * CharW), rowY, label[c]);
            }

            int colX = left + (i * Cell) + ((Cell - (TinyFont.Width * Scale)) / 2);
            for (int c = 0; c < label.Length; c++)
            {
                DrawChar(rgb, width, colX, top - 4 - ((label.Length - c) * CharH), label[c]);
            }
        }

        return PngWriter.Encode(width, height, rgb);
    }

    private static string Clip(string label) => label.Length <= MaxLabel ? label : label[..MaxLabel];

    private static (byte R, byte G, byte B) Colour(float v)
    {
        double t = float.IsNaN(v) ? 0 : Math.Clamp(v, 0f, 1f);
        return ((byte)(247 + ((8 - 247) * t)), (byte)(251 + ((48 - 251) * t)), (byte)(255 + ((107 - 255) * t)));
    }

    private static void DrawChar(byte[] rgb, int width, int x0, int y0, char c)
    {
        for (int y = 0; y < TinyFont.Height; y++)
        {
            for (int x = 0; x < TinyFont.Width; x++)
            {
                if (TinyFont.Pixel(c, x, y))
                {
                    Fill(rgb, width, x0 + (x * Scale), y0 + (y * Scale), Scale, Scale, 0, 0, 0);
                }
            }
        }
    }

    private static void Fill(byte[] rgb, int width, int x0, int y0, int w, int h, byte r, byte g, byte b)
    {
        for (int y = y0; y < y0 + h; y++)
        {
            for (int x = x0; x < x0 + w; x++)
            {
                int at = ((y * width) + x) * 3;
                if (x >= 0 && y >= 0 && at + 2 < rgb.Length && x < width)
                {
                    (rgb[at], rgb[at + 1], rgb[at + 2]) = (r, g, b);
                }
            }
        }
    }
}
