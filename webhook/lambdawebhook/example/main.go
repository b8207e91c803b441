// Command example is an AWS Lambda function that receives AWS
// Marketplace's EventBridge events through an SQS queue and handles them
// with typed handlers; with EVENTS_VIA=eventbridge it is the target of an
// EventBridge rule instead.
package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/lambdawebhook"
)

func main() {
	// IAM authenticates Lambda's invocations: no secret is checked.
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{InsecureSkipVerify: true})
	if err != nil {
		log.Fatal(err)
	}
	h, err := webhook.NewHandler(webhook.Options{Verifier: v}) // a shared Store for concurrent functions
	if err != nil {
		log.Fatal(err)
	}
	webhook.On(h, func(ctx context.Context, e *event.Event, m *aws.LicenseUpdatedManufacturer) error {
		log.Printf("grant %s to account %s (license %s)", m.Product.Code, m.Acceptor.AccountID, m.License.ARN)
		return nil
	})
	if os.Getenv("EVENTS_VIA") == "eventbridge" {
		lambda.Start(lambdawebhook.EventBridge(h))
	}
	lambda.Start(lambdawebhook.SQS(h))
}
