// Catches render errors (and query errors thrown to it) so one broken view never blanks the app.
// "Try again" resets both this boundary and TanStack Query's error state, then re-renders.
import { QueryErrorResetBoundary } from "@tanstack/react-query";
import { Button, Result } from "antd";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { describeError } from "../api/errors";

interface Props {
  children: ReactNode;
  onReset?: () => void;
  /** Changing this (e.g. the route path) clears a caught error. */
  resetKey?: unknown;
}

interface State {
  error: unknown;
  resetKey: unknown;
}

class Boundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("UI error", error, info.componentStack);
  }

  private retry = () => {
    this.props.onReset?.();
    this.setState({ error: null });
  };

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <Result
        status="error"
        title="Something went wrong"
        subTitle={describeError(this.state.error)}
        extra={
          <Button type="primary" onClick={this.retry}>
            Try again
          </Button>
        }
      />
    );
  }
}

export function ErrorBoundary({ children, resetKey }: { children: ReactNode; resetKey?: unknown }) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <Boundary onReset={reset} resetKey={resetKey}>
          {children}
        </Boundary>
      )}
    </QueryErrorResetBoundary>
  );
}
