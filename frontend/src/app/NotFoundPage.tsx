import { Button, Result } from "antd";
import { useNavigate } from "react-router";
import { usePageTitle } from "./usePageTitle";

export default function NotFoundPage() {
  usePageTitle("Not found");
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={<h1 className="result-title">Page not found</h1>}
      subTitle="There is nothing at this address."
      extra={
        <Button type="primary" onClick={() => void navigate("/")}>
          Back to the dashboard
        </Button>
      }
    />
  );
}
