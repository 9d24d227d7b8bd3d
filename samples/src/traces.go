package traces

import (
	"encoding/json"
	"fmt"
	"net/http"
)

type apiError struct {
	Detail string `json:"detail"`
	Code   string `json:"code"`
}

// FetchTrace reads a workflow's trace; WF_1500 means the trace backend had trouble.
func FetchTrace(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 400 {
		return nil
	}
	var e apiError
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		return err
	}
	if e.Code == "WF_1500" {
		return fmt.Errorf("trace error: %s", e.Detail)
	}
	return fmt.Errorf("%s: %s", e.Code, e.Detail)
}
