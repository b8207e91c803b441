// Package gcp types the metadata of the events that Clazar delivers for
// Google Cloud Marketplace: the listing lifecycle (submitted to Clazar,
// waiting on GCP, in Limited state, published), the lifecycle of a SaaS
// entitlement (pending, registered, activated, plan changes, renewed,
// canceled) and failed usage reports.
//
// Each topic has one metadata struct, named after its entity and action, whose
// Topic method names the topic, so that the compiler ties the two together.
// Importing the package registers every GCP topic with package event:
//
//	e, err := event.Parse(body)
//	if err != nil {
//		return err // wraps event.ErrMalformed
//	}
//	switch e.Topic {
//	case topics.GCPContractPlanChanged:
//		m, err := event.DecodeAs[gcp.ContractPlanChanged](e)
//		if err != nil {
//			return err // event.ErrMalformed or *event.ValidationError
//		}
//		fmt.Println(m.EntitlementID, m.OldPlanDetails.PlanID, "->", m.NewPlanDetails.PlanID)
//	}
//
// Quantities are event.Decimal and times are event.Time, so that
// re-marshalling decoded metadata writes back the digits and time layouts it
// was read in. Validation asks only for the fields that identify what an
// event concerns: the entitlement_id, and for metering also the dimension.
package gcp
