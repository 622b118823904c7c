using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Kernels;

/// <summary>
/// Vectorized float special functions for the fast kernels (16 lanes; lanes are independent, so a tail padded into a
/// full vector gets exactly the arithmetic of a full vector).
/// </summary>
internal static class VecMath
{
    /// <summary>Lanes per vector.</summary>
    public const int Width = 16;

    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693145751953125f;
    private const float Ln2Lo = 1.42860682030941723212e-6f;

    /// <summary>
    /// e^x: x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2), e^r by its degree-7 Taylor polynomial (truncation
    /// below 6e-9 relative), scaled by 2^n through the exponent bits. Inputs are clamped to [−87.3, 88.3], so results below
    /// about 1.2e-38 become that value (never denormal) and inputs above 88.3 saturate at about 2.0e38.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-87.3f)), Vector512.Create(88.3f));
        Vector512<float> n = Vector512.Round(x * Vector512.Create(Log2E));
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        Vector512<float> p = Vector512.Create(1f / 5040f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 720f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 120f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 24f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 6f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        Vector512<int> bits = (Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23;
        return p * bits.AsSingle();
    }

    /// <summary>
    /// The standard normal CDF Φ(x) = ½·erfc(−x/√2), accurate in relative terms on both tails (about 2e-7 near the centre,
    /// 1e-6 at |x| = 9). erfc(z) for z ≥ 0 is the Chebyshev fit t·exp(P(t))·exp(−z²), t = 1/(1 + z/2), relative error
    /// about 1.2e-7 (as tabulated in Numerical Recipes' <c>erfcc</c>); z² = x²/2 is split into an exact float part and its
    /// rounding error so that the exponent's rounding does not grow with x².
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> NormalCdf(Vector512<float> x)
    {
        Vector512<float> half = Vector512.Create(0.5f);
        Vector512<float> ax = Vector512.Abs(x);
        Vector512<float> z = ax * Vector512.Create(0.70710678118654752f);
        Vector512<float> t = Vector512<float>.One / Vector512.FusedMultiplyAdd(z, half, Vector512<float>.One);
        Vector512<float> p = Vector512.Create(0.17087277f);
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-0.82215223f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(1.48851587f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-1.13520398f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.27886807f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-0.18628806f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.09678418f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(0.37409196f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(1.00002368f));
        p = Vector512.FusedMultiplyAdd(p, t, Vector512.Create(-1.26551223f));
        Vector512<float> sq = ax * ax;
        Vector512<float> lo = Vector512.FusedMultiplyAdd(ax, ax, -sq) * half;
        Vector512<float> erfc = t * Exp(p) * Exp(-(sq * half)) * (Vector512<float>.One - lo);
        Vector512<float> e = half * erfc;
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), e, Vector512<float>.One - e);
    }

    /// <summary>Σ of the lanes in a fixed order (deterministic).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> v)
    {
        Vector256<float> h = v.GetLower() + v.GetUpper();
        Vector128<float> q = h.GetLower() + h.GetUpper();
        return (q.GetElement(0) + q.GetElement(2)) + (q.GetElement(1) + q.GetElement(3));
    }

    /// <summary>The largest lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(Vector512<float> v)
    {
        Vector256<float> h = Vector256.Max(v.GetLower(), v.GetUpper());
        Vector128<float> q = Vector128.Max(h.GetLower(), h.GetUpper());
        return MathF.Max(MathF.Max(q.GetElement(0), q.GetElement(1)), MathF.Max(q.GetElement(2), q.GetElement(3)));
    }

    /// <summary>Loads up to 16 floats; missing lanes get <paramref name="fill"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadPartial(ReadOnlySpan<float> src, float fill)
    {
        Span<float> buffer = stackalloc float[Width];
        buffer.Fill(fill);
        src.CopyTo(buffer);
        return Vector512.Create<float>(buffer);
    }

    /// <summary>Stores the first <c>dst.Length</c> (≤ 16) lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StorePartial(Vector512<float> v, Span<float> dst)
    {
        Span<float> buffer = stackalloc float[Width];
        v.CopyTo(buffer);
        buffer[..dst.Length].CopyTo(dst);
    }
}
