namespace CancelGateway.Emulators.SageMaker;

/// <summary>How a seeded step behaves when its execution is stopped.</summary>
public enum SageMakerStepKind
{
    /// <summary>A step SageMaker can stop (processing, training, ...): it stops shortly after the request.</summary>
    Plain,

    /// <summary>A callback step: it holds the stop until SendPipelineExecutionStepSuccess or Failure answers its token.</summary>
    Callback,

    /// <summary>A Lambda step: it cannot be stopped and holds the stop until the function finishes or times out.</summary>
    Lambda,
}
