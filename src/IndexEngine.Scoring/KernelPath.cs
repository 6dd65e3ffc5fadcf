using System.Runtime.Intrinsics;

namespace IndexEngine.Scoring;

/// <summary>
/// Which instruction width a kernel runs with. Public entry points always use <see cref="Auto"/>;
/// the explicit values exist so tests can prove every path equals the scalar reference on any
/// machine (a non-accelerated Vector512 still runs correctly, just in software).
/// </summary>
internal enum KernelPath
{
    Auto,
    Vector512,
    Vector256,
    Scalar,
}

internal static class KernelPaths
{
    /// <summary>The widest path the hardware accelerates; resolved per call so it folds to a JIT constant.</summary>
    public static KernelPath Resolve(KernelPath path) => path switch
    {
        KernelPath.Auto when Vector512.IsHardwareAccelerated => KernelPath.Vector512,
        KernelPath.Auto when Vector256.IsHardwareAccelerated => KernelPath.Vector256,
        KernelPath.Auto => KernelPath.Scalar,
        _ => path,
    };

    /// <summary>
    /// Elementwise kernels may write over their input (same span) but not over a shifted view of it,
    /// where a vector store would clobber lanes that are still to be read.
    /// </summary>
    public static void RequireSameOrDisjoint<T>(ReadOnlySpan<T> input, Span<T> output, string outputName)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
            throw new ArgumentException("The output overlaps the input at a different offset.", outputName);
    }
}
